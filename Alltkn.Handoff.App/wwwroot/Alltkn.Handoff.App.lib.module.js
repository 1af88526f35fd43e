// Blazor's JavaScript initializer for the app (loaded by blazor.web.js from this site: no inline script).

/**
 * On /account, when the person has no time zone set, offers the browser's own: the button (in a hidden box whose
 * data-browser-time-zone is its label, "{0}" for the zone) is shown when the browser names a zone the list holds; a
 * click chooses it and saves.
 */
function offerBrowserTimeZone() {
    const box = document.querySelector("[data-browser-time-zone]");
    const button = box?.querySelector("button");
    const select = document.getElementById("preferences-time-zone");
    if (!button || !select || box.dataset.offered) {
        return;
    }
    let zone = null;
    try {
        zone = Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch {
        zone = null;
    }
    if (!zone || ![...select.options].some(o => o.value === zone)) {
        return;
    }
    box.dataset.offered = "true";
    const label = button.querySelector(".mud-button-label") ?? button;
    label.textContent = box.dataset.browserTimeZone.replace("{0}", zone);
    box.hidden = false;
    button.addEventListener("click", () => {
        select.value = zone;
        select.form?.requestSubmit();
    });
}

export function afterWebStarted(blazor) {
    offerBrowserTimeZone();
    blazor.addEventListener("enhancedload", offerBrowserTimeZone);
}
