//! Fixtures in the shapes Solana nodes answer with (Agave 2.x).

use super::*;

const WALLET: &str = "Bepz9uC9ztZ3At3mgPXbygdpyZocEbeJJHbXJbLDx1yj";
const ATA: &str = "6rkL1gpABwG1bvPv3n3hb5Feh9KV7uCsux95KRhA4Kwt";

const BASE64_RESPONSE: &str = r#"{"jsonrpc":"2.0","result":{"context":{"apiVersion":"2.0.15","slot":341197247},"value":[
  {"data":["","base64"],"executable":false,"lamports":88849814690250,"owner":"11111111111111111111111111111111","rentEpoch":18446744073709551615,"space":0},
  {"data":["QEIPAAAAAAA=","base64"],"executable":false,"lamports":2039280,"owner":"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA","rentEpoch":18446744073709551615,"space":165},
  null,
  {"data":["AAAAAAAAAAA=","base64"],"executable":false,"lamports":2039280,"owner":"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA","rentEpoch":18446744073709551615,"space":165}
]},"id":1}"#;

const JSON_PARSED_RESPONSE: &str = r#"{"jsonrpc":"2.0","result":{"context":{"apiVersion":"2.0.15","slot":341197250},"value":[
  {"data":["","base64"],"executable":false,"lamports":1,"owner":"11111111111111111111111111111111","rentEpoch":18446744073709551615,"space":0},
  {"data":{"parsed":{"info":{"isNative":false,"mint":"EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v","owner":"Bepz9uC9ztZ3At3mgPXbygdpyZocEbeJJHbXJbLDx1yj","state":"initialized","tokenAmount":{"amount":"18446744073709551615","decimals":6,"uiAmount":1.8446744073709552E13,"uiAmountString":"18446744073709.551615"}},"type":"account"},"program":"spl-token","space":165},"executable":false,"lamports":2039280,"owner":"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA","rentEpoch":18446744073709551615,"space":165}
]},"id":2}"#;

#[test]
fn request_bodies_carry_keys_and_encoding() {
    let body: Value = serde_json::from_str(&get_multiple_accounts_body(9, &[WALLET, ATA])).unwrap();
    assert_eq!(body["method"], "getMultipleAccounts");
    assert_eq!(body["params"][0], json!([WALLET, ATA]));
    assert_eq!(body["params"][1]["encoding"], "base64");
    assert_eq!(
        body["params"][1]["dataSlice"],
        json!({"offset": 64, "length": 8})
    );
}

#[test]
fn base64_slices_give_lamports_and_token_amounts() {
    let accounts = decode_multiple_accounts(BASE64_RESPONSE, 4).unwrap();
    assert_eq!(wallet_lamports(accounts[0].as_ref()), 88_849_814_690_250);
    assert_eq!(accounts[0].as_ref().unwrap().token, None);
    assert_eq!(
        token_account_amount(accounts[1].as_ref(), TokenProgram::Token),
        Ok(1_000_000)
    );
    // No account at all: an ATA never created holds nothing.
    assert_eq!(accounts[2], None);
    assert_eq!(token_account_amount(None, TokenProgram::Token), Ok(0));
    assert_eq!(wallet_lamports(None), 0);
    // An existing token account holding zero.
    assert_eq!(
        token_account_amount(accounts[3].as_ref(), TokenProgram::Token),
        Ok(0)
    );
}

#[test]
fn json_parsed_token_amounts_beyond_2_pow_53_are_exact() {
    let accounts = decode_multiple_accounts(JSON_PARSED_RESPONSE, 2).unwrap();
    assert_eq!(wallet_lamports(accounts[0].as_ref()), 1);
    assert_eq!(
        token_account_amount(accounts[1].as_ref(), TokenProgram::Token),
        Ok(u64::MAX)
    );
}

/// A legacy USDC account and a Token-2022 PYUSD account (170 bytes: the base
/// layout, the account-type byte and extensions after it) in one answer.
const MIXED_PROGRAMS_RESPONSE: &str = r#"{"jsonrpc":"2.0","result":{"context":{"apiVersion":"2.2.0","slot":380000000},"value":[
  {"data":["QEIPAAAAAAA=","base64"],"executable":false,"lamports":2039280,"owner":"TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA","rentEpoch":18446744073709551615,"space":165},
  {"data":["gJaYAAAAAAA=","base64"],"executable":false,"lamports":2074080,"owner":"TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb","rentEpoch":18446744073709551615,"space":170}
]},"id":3}"#;

#[test]
fn token_2022_accounts_read_at_the_same_offset_beside_legacy_ones() {
    let accounts = decode_multiple_accounts(MIXED_PROGRAMS_RESPONSE, 2).unwrap();
    assert_eq!(
        token_account_amount(accounts[0].as_ref(), TokenProgram::Token),
        Ok(1_000_000)
    );
    assert_eq!(
        token_account_amount(accounts[1].as_ref(), TokenProgram::Token2022),
        Ok(10_000_000)
    );
    // An account of the other program is not the one asked for: never a zero.
    assert!(token_account_amount(accounts[1].as_ref(), TokenProgram::Token).is_err());
    assert!(token_account_amount(accounts[0].as_ref(), TokenProgram::Token2022).is_err());
}

#[test]
fn a_short_or_long_array_is_an_error_not_zeros() {
    assert_eq!(
        decode_multiple_accounts(BASE64_RESPONSE, 5),
        Err(DecodeError::WrongCount {
            expected: 5,
            got: 4
        })
    );
    assert_eq!(
        decode_multiple_accounts(BASE64_RESPONSE, 3),
        Err(DecodeError::WrongCount {
            expected: 3,
            got: 4
        })
    );
}

#[test]
fn json_rpc_errors_are_decoded() {
    let too_many = r#"{"jsonrpc":"2.0","error":{"code":-32602,"message":"Too many inputs provided; max 100"},"id":1}"#;
    assert_eq!(
        decode_multiple_accounts(too_many, 101),
        Err(DecodeError::Rpc {
            code: -32602,
            message: "Too many inputs provided; max 100".into()
        })
    );
    let unknown =
        r#"{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":1}"#;
    assert!(matches!(
        decode_multiple_accounts(unknown, 1),
        Err(DecodeError::Rpc { code: -32601, .. })
    ));
}

#[test]
fn broken_token_data_is_an_error() {
    let short_slice = BASE64_RESPONSE.replace("QEIPAAAAAAA=", "QEIP");
    assert!(matches!(
        decode_multiple_accounts(&short_slice, 4),
        Err(DecodeError::Malformed(_))
    ));
    let not_base64 = BASE64_RESPONSE.replace("QEIPAAAAAAA=", "!!!");
    assert!(matches!(
        decode_multiple_accounts(&not_base64, 4),
        Err(DecodeError::Malformed(_))
    ));
    let no_amount = JSON_PARSED_RESPONSE.replace("\"amount\":\"18446744073709551615\",", "");
    assert!(matches!(
        decode_multiple_accounts(&no_amount, 2),
        Err(DecodeError::Malformed(_))
    ));
    // A wallet (system account) at an ATA address is not a token account.
    let accounts = decode_multiple_accounts(BASE64_RESPONSE, 4).unwrap();
    assert!(token_account_amount(accounts[0].as_ref(), TokenProgram::Token).is_err());
}

proptest::proptest! {
    #[test]
    fn random_amounts_round_trip_through_base64(amounts in proptest::collection::vec(proptest::prelude::any::<Option<u64>>(), 0..100)) {
        use base64::Engine as _;
        let value: Vec<Value> = amounts.iter().map(|amount| match amount {
            None => Value::Null,
            Some(amount) => json!({
                "data": [base64::engine::general_purpose::STANDARD.encode(amount.to_le_bytes()), "base64"],
                "executable": false, "lamports": 2039280, "owner": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
                "rentEpoch": u64::MAX, "space": 165,
            }),
        }).collect();
        let body = json!({"jsonrpc": "2.0", "id": 1, "result": {"context": {"slot": 1}, "value": value}}).to_string();
        let accounts = decode_multiple_accounts(&body, amounts.len()).unwrap();
        let decoded: Vec<u64> = accounts.iter().map(|a| token_account_amount(a.as_ref(), TokenProgram::Token).unwrap()).collect();
        let expected: Vec<u64> = amounts.iter().map(|a| a.unwrap_or(0)).collect();
        proptest::prop_assert_eq!(decoded, expected);
    }

    #[test]
    fn arbitrary_bodies_never_panic(body in "\\PC{0,400}") {
        let _ = decode_multiple_accounts(&body, 2);
        let wrapped = format!(r#"{{"jsonrpc":"2.0","id":1,"result":{{"value":[{body}]}}}}"#);
        let _ = decode_multiple_accounts(&wrapped, 1);
    }
}
