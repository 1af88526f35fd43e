using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Alltkn.Handoff.Tests.Localization;

/// <summary>
/// Every text the workspace shows exists in English and in Chinese: each <c>X.resx</c> under the app's Resources has an
/// <c>X.zh-CN.resx</c> with exactly the same keys, no empty values and the same placeholders; and every
/// <c>L["Key"]</c> a .razor file reads from its localizer exists in that localizer's resx.
/// Files are read from the source tree (found above the test binaries, or from this file's own location), so a
/// resource added without its translation fails here, on any clone.
/// </summary>
public sealed partial class ResourceParityTests
{
    private static readonly Lazy<string> AppFolder = new(() => FindAppFolder());

    private static string ResourcesFolder => Path.Combine(AppFolder.Value, "Resources");

    private static string ComponentsFolder => Path.Combine(AppFolder.Value, "Components");

    public static TheoryData<string> EnglishResources()
    {
        var data = new TheoryData<string>();
        foreach (var file in EnglishResxFiles())
        {
            data.Add(Path.GetRelativePath(ResourcesFolder, file).Replace('\\', '/'));
        }
        return data;
    }

    public static TheoryData<string> RazorFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ComponentsFolder, "*.razor", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ComponentsFolder, file).Replace('\\', '/'));
        }
        return data;
    }

    [Fact]
    public void The_resources_are_found_where_the_app_keeps_them()
    {
        var english = EnglishResxFiles().Select(f => Path.GetRelativePath(ResourcesFolder, f).Replace('\\', '/')).ToArray();

        english.Should().Contain("Localization/SharedResource.resx")
            .And.Contain("Components/Layout/MainLayout.resx")
            .And.Contain("Components/Pages/Dashboard/Dashboard.resx")
            .And.Contain("Components/Pages/Workflow/Workflow.resx");
    }

    [Theory]
    [MemberData(nameof(EnglishResources))]
    public void Each_English_resource_has_a_Chinese_twin_with_exactly_the_same_keys(string resource)
    {
        var english = Read(Path.Combine(ResourcesFolder, resource));
        var chinesePath = ChineseTwin(Path.Combine(ResourcesFolder, resource));
        File.Exists(chinesePath).Should().BeTrue($"{resource} needs {Path.GetFileName(chinesePath)} beside it");
        var chinese = Read(chinesePath);

        english.Keys.Except(chinese.Keys).Should().BeEmpty($"every key of {resource} needs a Chinese text");
        chinese.Keys.Except(english.Keys).Should().BeEmpty($"the Chinese file of {resource} has no keys English lacks");
    }

    [Theory]
    [MemberData(nameof(EnglishResources))]
    public void No_text_is_empty_in_either_language(string resource)
    {
        var english = Read(Path.Combine(ResourcesFolder, resource));
        var chinese = Read(ChineseTwin(Path.Combine(ResourcesFolder, resource)));

        english.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).Should().BeEmpty($"{resource} (English)");
        chinese.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).Should().BeEmpty($"{resource} (Chinese)");
    }

    [Theory]
    [MemberData(nameof(EnglishResources))]
    public void Both_languages_use_the_same_placeholders(string resource)
    {
        var english = Read(Path.Combine(ResourcesFolder, resource));
        var chinese = Read(ChineseTwin(Path.Combine(ResourcesFolder, resource)));

        foreach (var (key, text) in english.Where(e => chinese.ContainsKey(e.Key)))
        {
            Placeholders(chinese[key]).Should().BeEquivalentTo(Placeholders(text), $"{resource}: '{key}' is formatted with the same arguments in both languages");
        }
    }

    [Theory]
    [MemberData(nameof(RazorFiles))]
    public void Every_key_a_razor_file_reads_exists_in_its_resource(string razorFile)
    {
        var source = File.ReadAllText(Path.Combine(ComponentsFolder, razorFile));
        var missing = new List<string>();

        foreach (Match inject in Injection().Matches(source))
        {
            var type = inject.Groups["type"].Value;
            var name = inject.Groups["name"].Value;
            var resx = ResourceOf(type, razorFile);
            File.Exists(resx).Should().BeTrue($"{razorFile} reads IStringLocalizer<{type}>, whose texts belong in {Path.GetRelativePath(AppFolder.Value, resx)}");
            var keys = Read(resx).Keys.ToHashSet(StringComparer.Ordinal);
            var uses = new Regex($@"(?<![\w.]){Regex.Escape(name)}\[\s*""(?<key>[^""]+)""");
            missing.AddRange(uses.Matches(source).Select(m => m.Groups["key"].Value).Where(k => !keys.Contains(k))
                .Select(k => $"{name}[\"{k}\"] (not in {Path.GetFileName(resx)})"));
        }

        missing.Distinct().Should().BeEmpty($"{razorFile} shows these texts, so they must exist");
    }

    [Fact]
    public void Keys_built_from_names_exist_too()
    {
        var myItems = Read(Path.Combine(ResourcesFolder, "Components", "Pages", "MyItems", "MyItems.resx"));

        // MyItems.razor reads L[$"Bucket.{bucket}"], which the scan below cannot see.
        Enum.GetNames<Alltkn.Handoff.App.Components.Pages.MyItems.DueBucket>().Select(b => $"Bucket.{b}")
            .Should().OnlyContain(key => myItems.ContainsKey(key));
    }

    [Fact]
    public void The_key_scan_catches_a_key_that_does_not_exist()
    {
        var uses = new Regex($@"(?<![\w.])L\[\s*""(?<key>[^""]+)""");
        const string source = """<MudText>@L["Title"]</MudText> @V.Text("Common.NotSet", "-") @L["YourTime", zone] x.L["NotMe"]""";

        uses.Matches(source).Select(m => m.Groups["key"].Value).Should().Equal("Title", "YourTime");
    }

    /// <summary>The resx of a localizer type: the shared words, or the component of that name (its folder under Components).</summary>
    private static string ResourceOf(string type, string razorFile)
    {
        if (type == "SharedResource")
        {
            return Path.Combine(ResourcesFolder, "Localization", "SharedResource.resx");
        }
        var ownName = Path.GetFileNameWithoutExtension(razorFile);
        var component = type == ownName
            ? razorFile
            : Directory.EnumerateFiles(ComponentsFolder, $"{type}.razor", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(ComponentsFolder, f)).FirstOrDefault() ?? razorFile;
        return Path.Combine(ResourcesFolder, "Components", Path.ChangeExtension(component, ".resx"));
    }

    private static IEnumerable<string> EnglishResxFiles() =>
        Directory.EnumerateFiles(ResourcesFolder, "*.resx", SearchOption.AllDirectories)
            .Where(f => Path.GetFileNameWithoutExtension(f).IndexOf('.', StringComparison.Ordinal) < 0)
            .Order(StringComparer.Ordinal);

    private static string ChineseTwin(string englishPath) => Path.ChangeExtension(englishPath, ".zh-CN.resx");

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")?.Value ?? "", StringComparer.Ordinal);

    private static string[] Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Groups["index"].Value).Distinct().Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"@inject\s+IStringLocalizer<(?<type>\w+)>\s+(?<name>\w+)")]
    private static partial Regex Injection();

    [GeneratedRegex(@"(?<!\{)\{(?<index>\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();

    private static string FindAppFolder([CallerFilePath] string thisFile = "")
    {
        // Above the test binaries (bin/Configuration/net10.0): the repository with the solution file.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Alltkn.Handoff.sln")) && Directory.Exists(Path.Combine(dir.FullName, "Alltkn.Handoff.App", "Resources")))
            {
                return Path.Combine(dir.FullName, "Alltkn.Handoff.App");
            }
        }
        // Binaries built elsewhere: this source file sits in Alltkn.Handoff.Tests/Localization of the repository.
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "Alltkn.Handoff.App"));
        if (Directory.Exists(Path.Combine(fromSource, "Resources")))
        {
            return fromSource;
        }
        throw new DirectoryNotFoundException(
            $"The app's Resources folder was found neither above {AppContext.BaseDirectory} nor beside {thisFile}; run the tests from the repository.");
    }
}
