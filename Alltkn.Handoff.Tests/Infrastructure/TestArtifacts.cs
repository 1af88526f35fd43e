using System.Text;
using Microsoft.Playwright;

namespace Alltkn.Handoff.Tests.Infrastructure;

/// <summary>Where tests leave files (screenshots) and how they are named.</summary>
public static class TestArtifacts
{
    private static readonly Lazy<string> RepositoryRootLazy = new(FindRepositoryRoot);

    /// <summary>The repository root: the nearest folder above the test binaries holding Alltkn.Handoff.sln.</summary>
    public static string RepositoryRoot => RepositoryRootLazy.Value;

    /// <summary>
    /// <c>TestResults/screenshots</c> under the repository root (where test.sh collects results), or the
    /// folder named by the <c>HANDOFF_SCREENSHOTS_DIR</c> environment variable.
    /// </summary>
    public static string ScreenshotsFolder =>
        Environment.GetEnvironmentVariable("HANDOFF_SCREENSHOTS_DIR") is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.Combine(RepositoryRoot, "TestResults", "screenshots");

    /// <summary>
    /// The running test's name for file names: <c>Class.Method</c>, plus the arguments of a theory row,
    /// with characters that are unsafe in file names replaced by '_'.
    /// </summary>
    public static string CurrentTestName()
    {
        var test = TestContext.Current.Test;
        if (test is null)
        {
            return "outside-a-test";
        }

        // The display name is "Namespace.Class.Method(args)"; drop the namespace, keep the class.
        var name = test.TestDisplayName;
        var (className, simpleName) = (test.TestCase.TestClassName, test.TestCase.TestClassSimpleName);
        if (className is not null && simpleName is not null && name.StartsWith(className + ".", StringComparison.Ordinal))
        {
            name = simpleName + name[className.Length..];
        }
        return ToFileName(name);
    }

    /// <summary>Makes <paramref name="name"/> safe as a file name on every OS (and at most 150 chars).</summary>
    public static string ToFileName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['"', '<', '>', '|', ':', '*', '?', '\\', '/', ' ']).ToHashSet();
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(invalid.Contains(c) || char.IsControl(c) ? '_' : c);
        }
        var safe = builder.ToString().Trim('_', '.');
        return safe.Length <= 150 ? safe : safe[..150];
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Alltkn.Handoff.sln")))
            {
                return folder.FullName;
            }
        }
        // Tests run from a copied build output: fall back to the binaries' folder.
        return AppContext.BaseDirectory;
    }
}

/// <summary>Screenshots taken on purpose: into TestResults/screenshots, or into the repository (docs).</summary>
public static class Screenshots
{
    /// <summary>
    /// Saves a full-page screenshot as <c>TestResults/screenshots/&lt;name&gt;.png</c> and returns its path.
    /// Without a name, the running test's name is used.
    /// </summary>
    public static Task<string> SaveAsync(IPage page, string? name = null) =>
        SaveToAsync(page, Path.Combine(TestArtifacts.ScreenshotsFolder, TestArtifacts.ToFileName(name ?? TestArtifacts.CurrentTestName()) + ".png"));

    /// <summary>
    /// Saves a screenshot at a path relative to the repository root, e.g. <c>docs/screenshots/dashboard.png</c>
    /// (to be committed). Viewport-sized by default, which suits documentation; pass fullPage for the whole page.
    /// </summary>
    public static Task<string> SaveToRepositoryAsync(IPage page, string repositoryRelativePath, bool fullPage = false) =>
        SaveToAsync(page, Path.Combine(TestArtifacts.RepositoryRoot, repositoryRelativePath), fullPage);

    /// <summary>Saves a screenshot at an absolute path (folders created as needed) and returns the path.</summary>
    public static async Task<string> SaveToAsync(IPage page, string path, bool fullPage = true)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage, Animations = ScreenshotAnimations.Disabled });
        return path;
    }
}
