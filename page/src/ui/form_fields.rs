//! The settings forms' fields: one component per kind of field, so that each
//! form's markup is data (a label, a signal, a few flags) and the code that
//! builds and updates an input exists once in the page's wasm, not once per
//! field.

use leptos::prelude::*;

/// What kind of text an input takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    /// Digits: a numeric keyboard on phones, still checked by the worker.
    Number,
    Url,
    /// A secret (an API key): never shown, never autofilled.
    Secret,
}

/// A labelled text input bound to `value`, both ways.
#[component]
pub fn TextField(
    label: &'static str,
    value: RwSignal<String>,
    #[prop(default = Input::Text)] input: Input,
    #[prop(optional)] required: bool,
    /// What the empty field says.
    #[prop(into, optional)]
    placeholder: Signal<String>,
) -> impl IntoView {
    let kind = match input {
        Input::Text | Input::Number => "text",
        Input::Url => "url",
        Input::Secret => "password",
    };
    view! {
        <label>{label} " "
            <input
                type=kind
                required=required
                inputmode=(input == Input::Number).then_some("numeric")
                autocomplete=(input == Input::Secret).then_some("off")
                placeholder=move || placeholder.get()
                prop:value=move || value.get()
                on:input=move |e| value.set(event_target_value(&e))
            />
        </label>
    }
}

/// What the worker found wrong with a form's fields, one item each.
#[component]
pub fn FormErrors(errors: ReadSignal<Vec<String>>) -> impl IntoView {
    view! {
        <ul class="form-errors" role="alert">
            {move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
        </ul>
    }
}
