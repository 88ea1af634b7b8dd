//! Reading single fields of a configuration entry, with errors that name the
//! field's path and its value.

use crate::Chain;
use serde_json::{Map, Value};
use std::fmt;

/// One thing wrong in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where, as a path: `providers[1].rps`.
    pub field: String,
    /// What was there, as written (or `missing`).
    pub value: String,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = {}: {}", self.field, self.value, self.problem)
    }
}

/// The most a provider may be given, per second: beyond this a typo is likelier
/// than a real limit.
pub(super) const MAX_RPS: u64 = 1_000;

pub(super) fn chain(
    at: &str,
    fields: &Map<String, Value>,
    errors: &mut Vec<ConfigError>,
) -> Option<Chain> {
    let text = required_text(at, fields, "chain", errors)?;
    match text.parse::<Chain>() {
        Ok(chain) => Some(chain),
        Err(unknown) => {
            errors.push(error(
                &format!("{at}.chain"),
                &Value::from(text),
                &format!("{unknown}"),
            ));
            None
        }
    }
}

pub(super) fn required_text<'a>(
    at: &str,
    fields: &'a Map<String, Value>,
    key: &str,
    errors: &mut Vec<ConfigError>,
) -> Option<&'a str> {
    match fields.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim()),
        None | Some(Value::Null) => {
            errors.push(missing(&format!("{at}.{key}")));
            None
        }
        Some(other) => {
            errors.push(error(
                &format!("{at}.{key}"),
                other,
                "must be a non-empty text",
            ));
            None
        }
    }
}

/// An optional whole number in `min..=max`; `None` when absent or wrong.
pub(super) fn integer(
    at: &str,
    fields: &Map<String, Value>,
    key: &str,
    min: u64,
    max: u64,
    errors: &mut Vec<ConfigError>,
) -> Option<u64> {
    let value = fields.get(key)?;
    match value.as_u64() {
        Some(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            let problem = format!("must be a whole number from {min} to {max}");
            errors.push(error(&format!("{at}.{key}"), value, &problem));
            None
        }
    }
}

pub(super) fn error(field: &str, value: &Value, problem: &str) -> ConfigError {
    let mut shown = value.to_string();
    if shown.chars().count() > 60 {
        shown = shown.chars().take(57).collect::<String>() + "...";
    }
    ConfigError {
        field: field.to_string(),
        value: shown,
        problem: problem.to_string(),
    }
}

pub(super) fn missing(field: &str) -> ConfigError {
    ConfigError {
        field: field.to_string(),
        value: "missing".to_string(),
        problem: "is required".to_string(),
    }
}
