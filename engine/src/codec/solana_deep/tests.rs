//! Fixtures in the shapes Solana nodes answer with (Agave 2.x, `jsonParsed`).

use super::*;

const WALLET: &str = "Bepz9uC9ztZ3At3mgPXbygdpyZocEbeJJHbXJbLDx1yj";
const USDC: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
const PYUSD: &str = "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo";
const BOTH: [TokenProgram; 2] = [TokenProgram::Token, TokenProgram::Token2022];

fn token_account(mint: &str, amount: &str, program: &str, owner: &str) -> String {
    format!(
        r#"{{"pubkey":"6rkL1gpABwG1bvPv3n3hb5Feh9KV7uCsux95KRhA4Kwt","account":{{"data":{{"parsed":{{"info":{{"isNative":false,"mint":"{mint}","owner":"{WALLET}","state":"initialized","tokenAmount":{{"amount":"{amount}","decimals":6,"uiAmount":1.0,"uiAmountString":"1"}}}},"type":"account"}},"program":"{program}","space":165}},"executable":false,"lamports":2039280,"owner":"{owner}","rentEpoch":18446744073709551615,"space":165}}}}"#
    )
}

/// The replies in another order than asked: matched by id.
fn answer() -> String {
    let legacy = [
        token_account(
            USDC,
            "1000000",
            "spl-token",
            "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        ),
        token_account(
            USDC,
            "18446744073709551615",
            "spl-token",
            "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        ),
    ];
    let extensions = token_account(
        PYUSD,
        "42",
        "spl-token-2022",
        "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb",
    );
    format!(
        r#"[{{"jsonrpc":"2.0","id":2,"result":{{"context":{{"slot":341197247}},"value":[{extensions}]}}}},
            {{"jsonrpc":"2.0","id":0,"result":{{"context":{{"slot":341197247}},"value":88849814690250}}}},
            {{"jsonrpc":"2.0","id":1,"result":{{"context":{{"slot":341197247}},"value":[{}]}}}}]"#,
        legacy.join(",")
    )
}

#[test]
fn the_request_asks_the_balance_and_each_program_in_one_array() {
    let Request::PostJson { body, .. } = deep_request("https://rpc.example", WALLET, &BOTH) else {
        panic!("a JSON-RPC POST")
    };
    let calls: Vec<Value> = serde_json::from_str(&body).unwrap();
    let methods: Vec<&str> = calls
        .iter()
        .map(|c| c["method"].as_str().unwrap())
        .collect();
    assert_eq!(
        methods,
        [
            "getBalance",
            "getTokenAccountsByOwner",
            "getTokenAccountsByOwner"
        ]
    );
    assert_eq!(
        calls[1]["params"][1]["programId"],
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
    );
    assert_eq!(
        calls[2]["params"][1]["programId"],
        "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"
    );
    assert_eq!(calls[2]["params"][2]["encoding"], "jsonParsed");
    assert_eq!(
        calls
            .iter()
            .map(|c| c["id"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [0, 1, 2]
    );
}

#[test]
fn every_account_of_both_programs_comes_back_with_its_mint() {
    let holdings = decode_deep(&answer(), &BOTH).unwrap();
    assert_eq!(holdings.lamports, 88_849_814_690_250);
    assert_eq!(
        holdings.accounts,
        [
            (TokenProgram::Token, USDC.to_string(), 1_000_000),
            (TokenProgram::Token, USDC.to_string(), u64::MAX),
            (TokenProgram::Token2022, PYUSD.to_string(), 42),
        ]
    );
}

#[test]
fn an_error_or_a_missing_reply_fails_the_wallet_never_reads_as_none() {
    let without_2022 = answer().replacen(
        r#"{"jsonrpc":"2.0","id":2"#,
        r#"{"jsonrpc":"2.0","id":9"#,
        1,
    );
    assert!(matches!(
        decode_deep(&without_2022, &BOTH),
        Err(DecodeError::WrongCount { expected: 3, .. })
    ));
    let refused = r#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch requests are not allowed"}}"#;
    assert_eq!(
        decode_deep(refused, &BOTH),
        Err(DecodeError::Rpc {
            code: -32600,
            message: "batch requests are not allowed".into()
        })
    );
    let one_failed = answer().replacen(
        r#""id":0,"result":{"context":{"slot":341197247},"value":88849814690250}"#,
        r#""id":0,"error":{"code":-32005,"message":"Node is behind"}"#,
        1,
    );
    assert!(matches!(
        decode_deep(&one_failed, &BOTH),
        Err(DecodeError::Rpc { code: -32005, .. })
    ));
    let no_amount = answer().replace(r#""amount":"42","#, "");
    assert!(matches!(
        decode_deep(&no_amount, &BOTH),
        Err(DecodeError::Malformed(_))
    ));
    // A balance or an account list of the wrong shape is an error, not zero.
    for (from, to) in [
        (r#""value":88849814690250"#, r#""value":"88849814690250""#),
        (r#""value":88849814690250"#, r#""value":-1"#),
        (r#""value":["#, r#""value":"not a list","ignored":["#),
        (r#""account":{"data""#, r#""acct":{"data""#),
    ] {
        assert!(answer().contains(from), "{from}");
        let broken = answer().replacen(from, to, 1);
        assert!(
            matches!(decode_deep(&broken, &BOTH), Err(DecodeError::Malformed(_))),
            "{to}"
        );
    }
}
