use super::*;
use alloy_primitives::address;

const HOLDER_A: Address = address!("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
const HOLDER_B: Address = address!("fB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
const USDC: Address = address!("8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d");
const USDT: Address = address!("55d398326f99059fF775485246999027B3197955");

fn request_data(request: &Request) -> Vec<u8> {
    let Request::PostJson { body, .. } = request else {
        panic!("eth_call is a POST")
    };
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(body["method"], "eth_call");
    assert_eq!(body["params"][1], "latest");
    let data = body["params"][0]["data"].as_str().unwrap();
    alloy_primitives::hex::decode(data).unwrap()
}

fn response(results: Vec<Result3>) -> String {
    let data = Bytes::from(aggregate3Call::abi_encode_returns(&results));
    format!(r#"{{"jsonrpc":"2.0","id":1,"result":"{data}"}}"#)
}

fn ok(amount: u64) -> Result3 {
    Result3 {
        success: true,
        returnData: U256::from(amount).to_be_bytes::<32>().to_vec().into(),
    }
}

#[test]
fn selectors_match_the_published_signatures() {
    assert_eq!(aggregate3Call::SELECTOR, [0x82, 0xad, 0x56, 0xcb]);
    assert_eq!(getEthBalanceCall::SELECTOR, [0x4d, 0x23, 0x01, 0xcc]);
    assert_eq!(balanceOfCall::SELECTOR, [0x70, 0xa0, 0x82, 0x31]);
}

#[test]
fn one_call_carries_native_and_every_token_of_every_address() {
    let request = aggregate3_request(
        1,
        "http://node",
        CANONICAL_MULTICALL3,
        &[HOLDER_A, HOLDER_B],
        &[USDC, USDT],
    );
    let data = request_data(&request);
    assert_eq!(data[..4], aggregate3Call::SELECTOR);
    let calls = aggregate3Call::abi_decode(&data).unwrap().calls;
    assert_eq!(calls.len(), 6);
    let targets: Vec<Address> = calls.iter().map(|c| c.target).collect();
    assert_eq!(
        targets,
        [
            CANONICAL_MULTICALL3,
            USDC,
            USDT,
            CANONICAL_MULTICALL3,
            USDC,
            USDT
        ]
    );
    assert!(calls.iter().all(|c| c.allowFailure));
    assert_eq!(
        getEthBalanceCall::abi_decode(&calls[3].callData)
            .unwrap()
            .addr,
        HOLDER_B
    );
    assert_eq!(
        balanceOfCall::abi_decode(&calls[2].callData)
            .unwrap()
            .account,
        HOLDER_A
    );
}

#[test]
fn results_are_grouped_per_address_and_failed_sub_calls_are_unchecked() {
    let body = response(vec![
        ok(1),
        ok(0),
        Result3 {
            success: false,
            returnData: Bytes::new(),
        },
        ok(5),
        // A "success" with no data: a token address with no contract behind it.
        Result3 {
            success: true,
            returnData: Bytes::new(),
        },
        ok(u64::MAX),
    ]);
    let balances = decode_aggregate3(&body, 2, 2).unwrap();
    assert_eq!(
        balances,
        [
            AddressBalances {
                native: SubCall::Balance(U256::from(1u8)),
                tokens: vec![SubCall::Balance(U256::ZERO), SubCall::Failed],
            },
            AddressBalances {
                native: SubCall::Balance(U256::from(5u8)),
                tokens: vec![SubCall::Failed, SubCall::Balance(U256::from(u64::MAX))],
            },
        ]
    );
}

#[test]
fn amounts_above_2_pow_64_survive() {
    let big = U256::from(u64::MAX) * U256::from(1_000u64);
    let body = response(vec![Result3 {
        success: true,
        returnData: big.to_be_bytes::<32>().to_vec().into(),
    }]);
    assert_eq!(
        decode_aggregate3(&body, 1, 0).unwrap()[0].native,
        SubCall::Balance(big)
    );
}

#[test]
fn a_short_result_list_is_an_error() {
    let body = response(vec![ok(1), ok(2)]);
    assert_eq!(
        decode_aggregate3(&body, 1, 2),
        Err(DecodeError::WrongCount {
            expected: 3,
            got: 2
        })
    );
}

#[test]
fn empty_or_garbage_results_are_malformed() {
    for body in [
        r#"{"jsonrpc":"2.0","id":1,"result":"0x"}"#,
        r#"{"jsonrpc":"2.0","id":1,"result":"0x1234"}"#,
        r#"{"jsonrpc":"2.0","id":1,"result":"nope"}"#,
    ] {
        assert!(
            matches!(
                decode_aggregate3(body, 1, 0),
                Err(DecodeError::Malformed(_))
            ),
            "{body}"
        );
    }
}

#[test]
fn size_rejections_say_split_and_rate_limits_do_not() {
    let error = |message: &str| DecodeError::Rpc {
        code: -32000,
        message: message.into(),
    };
    assert!(should_split(&error("execution reverted")));
    assert!(should_split(&error("out of gas")));
    assert!(should_split(&error(
        "gas required exceeds allowance (50000000)"
    )));
    assert!(!should_split(&error("rate limit exceeded")));
    assert!(!should_split(&DecodeError::Malformed("x".into())));
}

/// A batch: how many tokens, how many addresses, and each sub-call's (success,
/// amount) in request order.
fn batch() -> impl proptest::strategy::Strategy<Value = (usize, usize, Vec<(bool, [u64; 4])>)> {
    use proptest::prelude::*;
    (0usize..4, 0usize..8).prop_flat_map(|(tokens, addresses)| {
        let outcomes =
            proptest::collection::vec(any::<(bool, [u64; 4])>(), (tokens + 1) * addresses);
        (Just(tokens), Just(addresses), outcomes)
    })
}

proptest::proptest! {
    #[test]
    fn random_batches_round_trip((tokens, addresses, outcomes) in batch()) {
        let encoded: Vec<Result3> = outcomes
            .iter()
            .map(|&(success, limbs)| Result3 {
                success,
                returnData: U256::from_limbs(limbs).to_be_bytes::<32>().to_vec().into(),
            })
            .collect();
        let decoded = decode_aggregate3(&response(encoded), addresses, tokens).unwrap();
        let flat: Vec<SubCall> = decoded
            .iter()
            .flat_map(|a| std::iter::once(a.native).chain(a.tokens.iter().copied()))
            .collect();
        let expected: Vec<SubCall> = outcomes
            .iter()
            .map(|&(success, limbs)| match success {
                true => SubCall::Balance(U256::from_limbs(limbs)),
                false => SubCall::Failed,
            })
            .collect();
        proptest::prop_assert_eq!(flat, expected);
    }

    #[test]
    fn arbitrary_bodies_never_panic(body in "\\PC{0,300}", hex in "[0-9a-f]{0,600}") {
        let _ = decode_aggregate3(&body, 3, 2);
        let _ = decode_aggregate3(&format!(r#"{{"jsonrpc":"2.0","id":1,"result":"0x{hex}"}}"#), 3, 2);
    }
}
