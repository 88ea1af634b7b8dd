use crate::session::ScanSession;
use leptos::prelude::*;

/// Says why the deployer's `config.json` was not applied (contract, section 1).
#[component]
pub fn ConfigNotice() -> impl IntoView {
    let session = ScanSession::get();
    let errors = move || session.config.with(|c| c.file_errors.clone());
    view! {
        <Show when=move || !errors().is_empty()>
            <section class="config-notice" role="alert" data-testid="config-errors">
                <h2>"config.json was not applied"</h2>
                <p>"The page uses its built-in providers instead. The file's problems:"</p>
                <ul>{move || errors().into_iter().map(|e| view! { <li><code>{e}</code></li> }).collect_view()}</ul>
            </section>
        </Show>
    }
}
