using System.Runtime.CompilerServices;
using Alltkn.Handoff.App.Data;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// Runs the app's module initializer (<see cref="SqliteProcessSettings"/>) as soon as the tests' assembly loads, as the
/// app's start does: a test that opened a SQLite connection of its own before touching any app code would otherwise
/// leave SQLite configured as the app never runs. Through the runtime, not by calling it, so that a test of the
/// settings fails if the app stops applying them by itself.
/// </summary>
internal static class TestProcessSetup
{
    [ModuleInitializer]
    internal static void Apply() => RuntimeHelpers.RunModuleConstructor(typeof(SqliteProcessSettings).Module.ModuleHandle);
}
