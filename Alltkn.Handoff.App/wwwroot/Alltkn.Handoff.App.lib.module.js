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

/**
 * The navigation drawer (MainLayout: MudLayout's and MudDrawer's markup and classes, no component): MudDrawer's responsive
 * behaviour, in the browser. From the md breakpoint (960 px) up it starts open beside the page, below it hidden (MudBlazor's
 * style sheet hides a first-paint drawer there), over the page with a dark overlay when opened; crossing the breakpoint
 * opens or closes it as MudDrawer did. The state lives in the classes, which the server never changes after the first render.
 */
const wideViewport = window.matchMedia("(min-width: 960px)");

function drawerParts() {
    const drawer = document.querySelector("[data-drawer]");
    return drawer && {
        drawer,
        layout: drawer.closest("[data-drawer-layout]"),
        overlay: document.querySelector("[data-drawer-overlay]"),
        toggle: document.querySelector("[data-drawer-toggle]"),
    };
}

/** Open as the person sees it: a first-paint drawer is open on a wide screen only. */
function drawerShown(parts) {
    return parts.drawer.classList.contains("mud-drawer--open")
        && (wideViewport.matches || !parts.drawer.classList.contains("mud-drawer--initial"));
}

function setDrawer(parts, open) {
    parts.drawer.classList.remove("mud-drawer--initial");
    parts.drawer.classList.toggle("mud-drawer--open", open);
    parts.drawer.classList.toggle("mud-drawer--closed", !open);
    parts.layout?.classList.toggle("mud-drawer-open-responsive-md-left", open);
    parts.layout?.classList.toggle("mud-drawer-close-responsive-md-left", !open);
    parts.overlay?.classList.toggle("mud-drawer-overlay--open", open);
    parts.toggle?.setAttribute("aria-expanded", open ? "true" : "false");
}

/** The menu button's aria-expanded as the drawer is shown (the server renders "true", not knowing the screen). */
function syncDrawerToggle() {
    const parts = drawerParts();
    if (parts?.toggle && parts.toggle.dataset.drawerSynced !== "true") {
        parts.toggle.dataset.drawerSynced = "true";
        parts.toggle.setAttribute("aria-expanded", drawerShown(parts) ? "true" : "false");
    }
}

function watchDrawer() {
    document.addEventListener("click", event => {
        const parts = drawerParts();
        if (!parts) {
            return;
        }
        if (event.target.closest?.("[data-drawer-toggle]")) {
            setDrawer(parts, !drawerShown(parts));
        } else if (event.target.closest?.("[data-drawer-overlay]")) {
            setDrawer(parts, false);
        }
    });
    wideViewport.addEventListener("change", () => {
        const parts = drawerParts();
        if (parts) {
            setDrawer(parts, wideViewport.matches);
        }
    });
    syncDrawerToggle();
    new MutationObserver(syncDrawerToggle).observe(document.body, { childList: true, subtree: true });
}

// Tab and Shift+Tab stay inside the open dialog, decided in the browser at the key press. MudBlazor's focus trap moves
// the focus back through a round trip to the server once it has reached a sentinel, so quick presses on a busy
// connection could reach the page behind the dialog first.
const focusable = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), " +
    "textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

function keepTabInsideDialogs() {
    document.addEventListener("keydown", event => {
        if (event.key !== "Tab") {
            return;
        }
        const dialogs = document.querySelectorAll(".mud-dialog-container .mud-dialog");
        const dialog = dialogs[dialogs.length - 1];
        if (!dialog) {
            return;
        }
        const inside = [...dialog.querySelectorAll(focusable)]
            // Not the focus trap's own sentinels (its empty divs beside the content) nor its container.
            .filter(e => !e.matches(".mud-focus-trap > div:not(.mud-focus-trap-child-container), .mud-focus-trap-child-container")
                && e.offsetParent !== null);
        if (inside.length === 0) {
            return;
        }
        const first = inside[0];
        const last = inside[inside.length - 1];
        const at = document.activeElement;
        if (!dialog.contains(at)) {
            event.preventDefault();
            (event.shiftKey ? last : first).focus();
        } else if (!event.shiftKey && at === last) {
            event.preventDefault();
            first.focus();
        } else if (event.shiftKey && at === first) {
            event.preventDefault();
            last.focus();
        }
    }, true);
}

export function afterWebStarted(blazor) {
    keepTabInsideDialogs();
    watchDrawer();
    offerBrowserTimeZone();
    blazor.addEventListener("enhancedload", offerBrowserTimeZone);
}
