//! API keys are shown masked everywhere (settings, health table, config errors,
//! error texts): not only the `api_key` field, but every part of a provider URL
//! that can carry one, since keys are often written into the URL itself
//! (`/v2/KEY`, `?api-key=KEY`, `user:pass@host`).

/// "••••abcd": enough to tell keys apart, never the key.
pub fn masked(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    // A short secret would be half shown by its last four characters.
    let tail: String = if chars.len() >= 12 {
        chars[chars.len() - 4..].iter().collect()
    } else {
        String::new()
    };
    format!("••••{tail}")
}

/// `url` as the page may show it: the key and every key-like part masked.
pub fn shown_url(url: &str, api_key: Option<&str>) -> String {
    redact(url, url, api_key)
}

/// `text` (an error message, say) with the provider's key and every key-like
/// part of its `url` masked wherever they occur in it.
pub fn redact(text: &str, url: &str, api_key: Option<&str>) -> String {
    let mut shown = text.to_string();
    // A password shows nothing at all, not even its last characters.
    if let Some(userinfo) = userinfo_of(url).filter(|u| !u.is_empty()) {
        shown = shown.replace(&format!("{userinfo}@"), "••••@");
    }
    let mut secrets = secrets_in_url(url);
    if let Some(key) = api_key.map(str::trim).filter(|k| !k.is_empty()) {
        secrets.push(crate::codec::percent_encode(key));
        secrets.push(key.to_string());
    }
    // Longest first, so a key is never half replaced by a piece of itself. A
    // handful of secrets: picking the longest each time costs nothing, and
    // links no sort into the page (a stable sort was 11 KB of its wasm).
    while let Some(longest) = (0..secrets.len()).max_by_key(|&i| secrets[i].len()) {
        let secret = secrets.swap_remove(longest);
        if !secret.is_empty() && shown.contains(secret.as_str()) {
            shown = shown.replace(secret.as_str(), &masked(&secret));
        }
    }
    shown
}

/// The `user:password` before a URL's host, if any.
fn userinfo_of(url: &str) -> Option<&str> {
    authority(url)
        .rsplit_once('@')
        .map(|(userinfo, _)| userinfo)
}

/// The host a URL points at, without any `user:password@`: a provider's name
/// when it has none of its own.
pub fn url_host(url: &str) -> String {
    let authority = authority(url);
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_string()
}

/// What follows the scheme up to the path, query or fragment:
/// `user:password@host:port`.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

/// The parts of `url` besides its userinfo that may be a key: values of
/// key-named query parameters, and path segments or query values shaped like a
/// token.
fn secrets_in_url(url: &str) -> Vec<String> {
    let mut found = Vec::new();
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let path = before_query.split_once('/').map_or("", |(_, path)| path);
    found.extend(
        path.split('/')
            .filter(|segment| looks_like_token(segment))
            .map(str::to_string),
    );
    for pair in query.split(['&', '#']) {
        let (name, value) = pair.split_once('=').unwrap_or(("", pair));
        if !value.is_empty() && (is_key_name(name) || looks_like_token(value)) {
            found.push(value.to_string());
        }
    }
    found
}

/// Query parameter names that carry credentials, compared without case or
/// punctuation (`api-key`, `apiKey`, `access_token`).
fn is_key_name(name: &str) -> bool {
    const NAMES: [&str; 12] = [
        "apikey",
        "key",
        "token",
        "accesstoken",
        "apitoken",
        "auth",
        "authorization",
        "secret",
        "clientsecret",
        "password",
        "signature",
        "sig",
    ];
    let normalised: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    NAMES.contains(&normalised.as_str())
}

/// A run of 16 or more letters, digits, `-` or `_` with both letters and digits:
/// what Infura, Alchemy, QuickNode or Ankr keys look like in a path, and never a
/// path word such as `api`, `v2` or `bsc-dataseed`.
fn looks_like_token(text: &str) -> bool {
    text.len() >= 16
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && text.bytes().any(|b| b.is_ascii_digit())
        && text.bytes().any(|b| b.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";

    #[test]
    fn keys_written_into_urls_are_masked() {
        let cases = [
            (
                format!("https://bsc.example/v2/{KEY}"),
                "https://bsc.example/v2/••••c5d6".to_string(),
            ),
            (
                format!("https://node.example/{KEY}/"),
                "https://node.example/••••c5d6/".to_string(),
            ),
            (
                format!("https://rpc.example/?api-key={KEY}"),
                "https://rpc.example/?api-key=••••c5d6".to_string(),
            ),
            (
                "https://rpc.example/?token=hunter22".to_string(),
                "https://rpc.example/?token=••••".to_string(),
            ),
            (
                "https://user:pass@rpc.example/api".to_string(),
                "https://••••@rpc.example/api".to_string(),
            ),
            (
                "https://blockstream.info/api".to_string(),
                "https://blockstream.info/api".to_string(),
            ),
            (
                "https://bsc-dataseed.bnbchain.org".to_string(),
                "https://bsc-dataseed.bnbchain.org".to_string(),
            ),
            (
                "https://bsc.example/v1/{api_key}".to_string(),
                "https://bsc.example/v1/{api_key}".to_string(),
            ),
        ];
        for (url, shown) in cases {
            assert_eq!(shown_url(&url, None), shown, "{url}");
        }
    }

    #[test]
    fn the_api_key_is_masked_in_any_text_raw_or_percent_encoded() {
        let key = "short key/+";
        let text = format!(
            "Failed to parse URL from https://rpc.example/?api-key={} ({key})",
            crate::codec::percent_encode(key)
        );
        let shown = redact(&text, "https://rpc.example", Some(key));
        assert!(!shown.contains("short"), "{shown}");
        assert!(!shown.contains("key%2F"), "{shown}");
        assert!(shown.contains("Failed to parse URL"));
    }

    #[test]
    fn hosts_never_carry_credentials() {
        assert_eq!(
            url_host("https://user:pass@rpc.example:8443/v2/x"),
            "rpc.example:8443"
        );
        assert_eq!(
            url_host("https://mainnet.helius-rpc.com/?api-key=k"),
            "mainnet.helius-rpc.com"
        );
    }
}
