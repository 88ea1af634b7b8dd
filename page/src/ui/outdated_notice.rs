use leptos::prelude::*;

/// Says that the page's scanner is of another version (a cached copy), with the
/// one thing that helps: a reload.
#[component]
pub fn OutdatedNotice(outdated: Signal<bool>) -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        {move || outdated.get().then(|| view! {
            <section class="config-notice" role="alert" data-testid="version-mismatch">
                <h2>"A newer version of this page is available"</h2>
                <p>
                    "This page and its scanner (the background worker) are from different versions: "
                    "the browser kept an old copy. Nothing is lost; reload to go on with the new version."
                </p>
                <button type="button" class="primary" on:click=reload>"Reload the page"</button>
            </section>
        })}
    }
}
