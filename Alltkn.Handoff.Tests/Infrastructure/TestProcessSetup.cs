using System.Runtime.CompilerServices;
using Alltkn.Handoff.App.Data;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// What the app does when its assembly loads, done when the tests' assembly loads: a test that opens a SQLite
/// connection of its own before touching any app code would otherwise leave SQLite configured as the app never runs.
/// </summary>
internal static class TestProcessSetup
{
    [ModuleInitializer]
    internal static void Apply() => SqliteProcessSettings.Apply();
}
