//! The wasm boundary, tested in headless Chromium with wasm-bindgen-test (`cargo xtask test`).
#![cfg(target_arch = "wasm32")]

use records_guard::wasm::{analyse_page, check_url, provider_host, read_settings, strength};
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A plain JS object, as the extension passes (not a `Map`).
fn js(value: Value) -> JsValue {
    use serde::Serialize;
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap()
}

fn rust(value: JsValue) -> Value {
    serde_wasm_bindgen::from_value(value).unwrap()
}

#[wasm_bindgen_test]
fn strength_rates_with_zxcvbn_and_sends_big_numbers_as_log10() {
    let strong = rust(strength("MyDogLikesBiscuits!", vec![]).unwrap());
    assert!(strong["score"].as_u64().unwrap() >= 3);
    assert!(strong["guessesLog10"].as_f64().unwrap() > 10.0);
    let weak = rust(strength("password", vec![]).unwrap());
    assert_eq!(weak["score"], 0);
    assert_eq!(weak["warning"], "ThisIsATop10Password");
    let empty = rust(strength("", vec![]).unwrap());
    assert_eq!(
        (empty["score"].as_u64(), empty["guessesLog10"].as_f64()),
        (Some(0), Some(0.0)),
        "finite, so JSON keeps it"
    );
    let long = rust(strength(&"correct horse battery staple ".repeat(40), vec![]).unwrap());
    assert!(long["guessesLog10"].as_f64().unwrap() > 16.0, "beyond 2^53 without loss");
}

#[wasm_bindgen_test]
fn check_url_returns_a_json_compatible_verdict() {
    let v = rust(check_url("http://access.login.nhs.uk/", js(json!({})), JsValue::UNDEFINED).unwrap());
    assert_eq!(v["portal"], json!({"id": "nhs-login", "name": "NHS login", "kind": "known"}));
    assert_eq!(v["findings"], json!([{"code": "insecure-connection", "severity": "danger", "reason": "portal"}]));
    assert_eq!(v["status"], "danger");
    assert!(check_url("nonsense", JsValue::UNDEFINED, JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
fn settings_of_the_wrong_shape_never_break_a_check() {
    for settings in
        [JsValue::NULL, JsValue::UNDEFINED, JsValue::from(3), js(json!({"providers": 7, "sharedComputer": "x"}))]
    {
        let v = rust(check_url("https://www.patientaccess.com/", settings, JsValue::NULL).unwrap());
        assert_eq!(v["status"], "safe");
    }
    let v = rust(
        check_url("http://records.mysurgery.test/", js(json!({"providers": ["mysurgery.test"]})), JsValue::UNDEFINED)
            .unwrap(),
    );
    assert_eq!(v["portal"]["kind"], "provider");
    let read = rust(read_settings(js(json!({"sharedComputer": "yes", "providers": ["a.example"]}))).unwrap());
    assert_eq!(
        read,
        json!({"settings": {"sharedComputer": false, "providers": ["a.example"], "reuseReverse": false}, "invalid": ["sharedComputer"]})
    );
}

#[wasm_bindgen_test]
fn analyse_page_reads_snapshots_and_rejects_malformed_ones() {
    let snapshot = json!({
        "url": "http://shop.example.test/login",
        "forms": [{"action": null, "method": "post", "fields": [{"tag": "input", "type": "password", "visible": true, "checked": null}]}]
    });
    let v = rust(analyse_page(js(snapshot), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap());
    assert_eq!(v["findings"][0]["reason"], "password-field");
    assert!(analyse_page(js(json!({"forms": "nope"})), JsValue::UNDEFINED, JsValue::UNDEFINED).is_err());
    assert!(analyse_page(JsValue::from("x"), JsValue::UNDEFINED, JsValue::UNDEFINED).is_err());
}

#[wasm_bindgen_test]
fn provider_host_explains_errors_by_code() {
    assert_eq!(provider_host("https://Online.MySurgery.co.uk/x").unwrap(), "online.mysurgery.co.uk");
    let error: JsValue = provider_host("10.0.0.1").unwrap_err().into();
    assert_eq!(js_sys::Reflect::get(&error, &"message".into()).unwrap(), "ip-address");
}

#[wasm_bindgen_test]
fn context_reaches_the_shared_computer_checks() {
    let shared = js(json!({"sharedComputer": true}));
    let normal = js(json!({"incognito": false, "passwordSaving": true}));
    let v = rust(check_url("https://www.nhs.uk/", shared.clone(), normal).unwrap());
    let codes: Vec<&Value> = v["findings"].as_array().unwrap().iter().map(|f| &f["code"]).collect();
    assert_eq!(codes, [&json!("not-private"), &json!("password-saving")]);
    let private = rust(check_url("https://www.nhs.uk/", shared, js(json!({"incognito": true}))).unwrap());
    assert_eq!(private["status"], "safe");
}

#[wasm_bindgen_test]
fn new_passwords_are_assessed_with_the_persons_details() {
    let guide = rust(records_guard::wasm::assess_password("MyDogLikesBiscuits!", vec![], None).unwrap());
    assert_eq!(guide["findings"], json!([]));
    let own = rust(
        records_guard::wasm::assess_password("margaret1952", vec!["Margaret Jones".into(), "12/03/1952".into()], None)
            .unwrap(),
    );
    assert_eq!(own["findings"][0]["code"], "weak-password");
    assert!(own["weaknesses"].as_array().unwrap().contains(&json!("own-details")));
}

#[wasm_bindgen_test]
fn fingerprints_cross_as_plain_numbers() {
    use records_guard::wasm::{check_reuse, remember_sign_in};
    let nhs = js(json!({"id": "nhs-login", "name": "NHS login", "kind": "known"}));
    let typed = js(json!({"length": 19, "fingerprint": 137_438_953_471u64})); // 2^37 - 1
    let signed_in = rust(remember_sign_in(JsValue::UNDEFINED, nhs.clone(), typed.clone(), "login.nhs.uk").unwrap());
    assert_eq!(signed_in["prints"]["portals"][0]["group"], "nhs");
    let prints = js(signed_in["prints"].clone());
    let elsewhere = rust(check_reuse(JsValue::NULL, typed.clone(), prints.clone()).unwrap());
    assert_eq!(elsewhere[0]["code"], "password-reuse");
    assert_eq!(elsewhere[0]["service"], "NHS login");
    let app = js(json!({"id": "nhs-app", "name": "NHS App", "kind": "known"}));
    assert_eq!(rust(check_reuse(app, typed, prints).unwrap()), json!([]));
}

#[wasm_bindgen_test]
fn password_findings_join_a_stored_verdict() {
    let verdict = check_url("https://shop.example.test/", JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    let reuse = js(json!([{"code": "password-reuse", "severity": "danger", "service": "NHS login"}]));
    let joined = rust(records_guard::wasm::with_findings(verdict, reuse).unwrap());
    assert_eq!(joined["status"], "danger");
    assert_eq!(joined["findings"][0]["service"], "NHS login");
}

/// The allocator of this test binary (the core's allocations included), counting the bytes held.
struct Counting;

static HELD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only a counter is added.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        HELD.fetch_add(layout.size(), std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        HELD.fetch_sub(layout.size(), std::sync::atomic::Ordering::Relaxed);
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn held() -> usize {
    HELD.load(std::sync::atomic::Ordering::Relaxed)
}

#[wasm_bindgen_test]
fn the_core_holds_no_memory_from_one_call_to_the_next() {
    // What a page that redraws its sign-in form gets the worker to do every half second, for as long
    // as it is open (a URL check and a page analysis, here of a lookalike page with a remember-me
    // box and a long form), and what each key in a password field costs it.
    let url = "http://access-login-nhs.uk.example.test/signin";
    let mut fields = vec![
        json!({"tag": "input", "type": "email", "name": "email", "label": "Email", "visible": true, "checked": null}),
        json!({"tag": "input", "type": "password", "name": "password", "label": "Password", "visible": true, "checked": null}),
        json!({"tag": "input", "type": "checkbox", "name": "remember", "label": "Keep me signed in", "visible": true, "checked": true}),
    ];
    fields.extend((0..20).map(|i| json!({"tag": "input", "type": "text", "name": format!("f{i}"), "label": "x".repeat(200), "visible": null, "checked": null})));
    let snapshot = json!({"url": url, "title": "NHS login", "text": "Sign in with NHS login", "forms": [{"action": url, "method": "post", "fields": fields}]});
    let round = |i: usize| {
        check_url(url, JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
        let v = rust(analyse_page(js(snapshot.clone()), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap());
        assert_eq!(v["status"], "danger");
        strength(&format!("margaret{i}"), vec!["Margaret Jones".into()]).unwrap();
        records_guard::wasm::assess_password(&format!("MyDogLikes{i}"), vec!["12/03/1952".into()], None).unwrap();
    };
    for i in 0..20 {
        round(i); // lazily built tables (zxcvbn's dictionaries, the suffix list)
    }
    let before = held();
    for i in 0..300 {
        round(i);
    }
    let after = held();
    // Each round allocates kilobytes and frees them all: a byte kept by any call would show.
    assert_eq!(after, before, "the core held {before} bytes, then {after} after 300 more rounds");
}
