use crate::session::ScanSession;
use leptos::prelude::*;

/// Says why the deployer's `config.json` was not applied (contract, section 1),
/// and why the settings saved in this browser could not be read.
#[component]
pub fn ConfigNotice() -> impl IntoView {
    let session = ScanSession::get();
    let errors = move || session.config.with(|c| c.shown.file_errors.clone());
    let user_errors = move || session.config.with(|c| c.shown.user_errors.clone());
    view! {
        {move || (!errors().is_empty()).then(|| view! {
            <section class="config-notice" role="alert" data-testid="config-errors">
                <h2>"config.json was not applied"</h2>
                <p>"The page uses its built-in providers instead. The file's problems:"</p>
                <ul>{move || errors().into_iter().map(|e| view! { <li><code>{e}</code></li> }).collect_view()}</ul>
            </section>
        })}
        {move || (!user_errors().is_empty()).then(|| view! {
            <section class="config-notice" role="alert" data-testid="settings-errors">
                <h2>"Your saved settings could not be read"</h2>
                <p>
                    "Until you save settings again, the site's settings apply. What was saved is kept "
                    "as it was (saving new settings keeps a copy of it aside). The problems:"
                </p>
                <ul>{move || user_errors().into_iter().map(|e| view! { <li><code>{e}</code></li> }).collect_view()}</ul>
            </section>
        })}
    }
}
