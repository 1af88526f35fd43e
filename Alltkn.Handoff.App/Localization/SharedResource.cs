namespace Alltkn.Handoff.App.Localization;

/// <summary>
/// Marker type for words used on many pages (stage names, roles, statuses, buttons).
/// Its texts live in <c>Resources/Localization/SharedResource.resx</c> (English) and
/// <c>SharedResource.zh-CN.resx</c> (Chinese); a page's own texts live in a resource file named for the page.
/// </summary>
public sealed class SharedResource;
