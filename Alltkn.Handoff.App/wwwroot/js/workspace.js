// Small browser helpers for the workspace shell (no network, no third-party code).

/** Remembers the light or dark theme for a year; the server reads it when it first renders a page. */
export function setTheme(value) {
    document.cookie = `handoff-theme=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax`;
}

/** The browser's IANA time zone (e.g. "Asia/Shanghai"), or null when the browser does not say. */
export function timeZone() {
    try {
        return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
    } catch {
        return null;
    }
}

/** Copies text to the clipboard; falls back to a hidden text area where the Clipboard API is unavailable (plain http). */
export async function copyText(text) {
    try {
        if (navigator.clipboard && window.isSecureContext) {
            await navigator.clipboard.writeText(text);
            return true;
        }
    } catch {
        // fall through to the fallback
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
        copied = document.execCommand("copy");
    } catch {
        copied = false;
    }
    area.remove();
    return copied;
}
