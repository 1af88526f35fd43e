using System.Collections;
using System.Globalization;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Alltkn.Handoff.Tests.Persistence.Support;

/// <summary>
/// Every value EF maps for an entity, read through EF's own model (properties, complex properties, owned
/// references and collections, and an onboarding's items), as "path = value" lines. Comparing two lists
/// compares every mapped property, including ones added to the model later.
/// </summary>
public static class MappedState
{
    public static IReadOnlyList<string> Of(IModel model, Onboarding onboarding)
    {
        var lines = new List<string>();
        Add(lines, "Onboarding", model.FindEntityType(typeof(Onboarding))!, onboarding);
        var itemType = model.FindEntityType(typeof(HandoffItem))!;
        foreach (var item in onboarding.Items.OrderBy(i => i.SortOrder))
        {
            Add(lines, $"Items[{item.Key}]", itemType, item);
        }
        return lines;
    }

    public static IReadOnlyList<string> Of<T>(IModel model, T entity)
        where T : class
    {
        var lines = new List<string>();
        Add(lines, typeof(T).Name, model.FindEntityType(typeof(T))!, entity);
        return lines;
    }

    private static void Add(List<string> lines, string path, ITypeBase type, object entity)
    {
        foreach (var property in type.GetProperties().Where(p => !p.IsShadowProperty()))
        {
            lines.Add($"{path}.{property.Name} = {Show(Read(property, entity))}");
        }
        foreach (var complex in type.GetComplexProperties())
        {
            var value = Read(complex, entity);
            if (value is null)
            {
                lines.Add($"{path}.{complex.Name} = null");
            }
            else
            {
                Add(lines, $"{path}.{complex.Name}", complex.ComplexType, value);
            }
        }
        if (type is not IEntityType entityType)
        {
            return;
        }
        foreach (var navigation in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned()))
        {
            var value = Read(navigation, entity);
            if (value is null)
            {
                lines.Add($"{path}.{navigation.Name} = null");
            }
            else if (navigation.IsCollection)
            {
                var rows = ((IEnumerable)value).Cast<object>()
                    .Select(row =>
                    {
                        var rowLines = new List<string>();
                        Add(rowLines, "", navigation.TargetEntityType, row);
                        return string.Join(", ", rowLines);
                    })
                    .Order(StringComparer.Ordinal)
                    .ToArray();
                lines.Add($"{path}.{navigation.Name} has {rows.Length}");
                lines.AddRange(rows.Select(r => $"{path}.{navigation.Name}[] {r}"));
            }
            else
            {
                Add(lines, $"{path}.{navigation.Name}", navigation.TargetEntityType, value);
            }
        }
    }

    private static object? Read(IReadOnlyPropertyBase member, object entity) =>
        member.PropertyInfo is { } property ? property.GetValue(entity)
        : member.FieldInfo is { } field ? field.GetValue(entity)
        : throw new InvalidOperationException($"{member.Name} has neither a property nor a field.");

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTime d => $"{d:O} ({d.Kind})",
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
