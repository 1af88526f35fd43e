using System.Globalization;

namespace Alltkn.Handoff.App.Localization;

/// <summary>Produces something (a mail, an export) in another person's language, then restores the caller's.</summary>
public static class InCulture
{
    public static T Run<T>(CultureInfo culture, Func<T> produce)
    {
        var (ui, formatting) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        try
        {
            return produce();
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = formatting;
        }
    }
}
