using Microsoft.Data.Sqlite;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>
/// A unique temporary folder for one test host, holding its SQLite database (and anything else the app
/// writes next to it). Created under <c>{temp}/alltkn-tests/</c>; deleted on dispose when this instance
/// created it.
/// </summary>
/// <remarks>
/// To restart the app on the same data, keep one <see cref="TestDatabase"/> alive and hand it to several
/// <see cref="HandoffAppFactory"/> instances in turn; the factories never delete a folder they were given.
/// </remarks>
public sealed class TestDatabase : IDisposable
{
    /// <summary>The parent of every test folder: <c>{temp}/alltkn-tests</c>.</summary>
    public static string RootFolder { get; } = Path.Combine(Path.GetTempPath(), "alltkn-tests");

    /// <summary>The file name of the database inside <see cref="Folder"/>.</summary>
    public const string DatabaseFileName = "handoff.db";

    /// <summary>Folders older than this are left over from aborted runs and removed when a test run starts.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromDays(1);

    private readonly bool _ownsFolder;

    static TestDatabase()
    {
        try
        {
            if (Directory.Exists(RootFolder))
            {
                foreach (var stale in new DirectoryInfo(RootFolder).EnumerateDirectories()
                             .Where(d => d.LastWriteTimeUtc < DateTime.UtcNow - StaleAfter))
                {
                    DeleteFolder(stale.FullName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Housekeeping only.
        }
    }
    private bool _disposed;

    /// <summary>Creates a new, empty, uniquely named folder that is deleted on dispose.</summary>
    public TestDatabase()
        : this(Path.Combine(RootFolder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"), ownsFolder: true)
    {
    }

    private TestDatabase(string folder, bool ownsFolder)
    {
        Folder = Path.GetFullPath(folder);
        _ownsFolder = ownsFolder;
        Directory.CreateDirectory(Folder);
    }

    /// <summary>
    /// Wraps an existing folder (e.g. one kept from an earlier run) without taking ownership: disposing
    /// this instance leaves the folder and its files in place.
    /// </summary>
    public static TestDatabase Existing(string folder) => new(folder, ownsFolder: false);

    /// <summary>The absolute path of the folder.</summary>
    public string Folder { get; }

    /// <summary>The absolute path of the SQLite file the app is pointed at (it need not exist yet).</summary>
    public string DatabasePath => Path.Combine(Folder, DatabaseFileName);

    /// <summary>Whether the app has created the database file yet.</summary>
    public bool DatabaseExists => File.Exists(DatabasePath);

    /// <summary>An absolute path for another file inside the folder.</summary>
    public string PathFor(string fileName) => Path.Combine(Folder, fileName);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;

        // Pooled SQLite connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        if (_ownsFolder)
        {
            DeleteFolder(Folder);
        }
    }

    private static void DeleteFolder(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && attempt < 5)
            {
                // A connection or file handle closing on another thread; try again shortly.
                Thread.Sleep(100 * attempt);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Leaving a folder behind in the temp directory must not fail a test.
                return;
            }
        }
    }
}
