using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Alltkn.Handoff.Domain.Onboardings;
using Microsoft.AspNetCore.Components;

namespace Alltkn.Handoff.App.Services;

/// <summary>
/// What a prerendered page read, handed to its interactive render through the persistent component state, so that a
/// visit reads the page's rows once: the rows as JSON, Brotli-compressed (the state travels inside the page's HTML, as
/// base64 of the protected payload, so every byte saved here is more than a byte saved there).
/// </summary>
/// <remarks>
/// The rows hold domain objects (checklist items, go-live windows), which are changed only through their aggregate and
/// so have private setters and constructors: they are restored through those (as EF Core restores them), and their
/// computed properties (no setter at all) are not written. Values equal to their type's default are not written either.
/// </remarks>
public static class QueryState
{
    private static readonly Assembly Domain = typeof(HandoffItem).Assembly;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ThroughPrivateSetters } },
    };

    /// <summary>Puts <paramref name="value"/> into the state under <paramref name="key"/> (call from a persisting callback).</summary>
    public static void Persist<T>(PersistentComponentState state, string key, T value)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.PersistAsJson(key, ToBytes(value)); // a byte array: written as one base64 string
    }

    /// <summary>Takes what the prerender persisted under <paramref name="key"/>, if it did (once: a second take finds nothing).</summary>
    public static bool TryTake<T>(PersistentComponentState state, string key, [NotNullWhen(true)] out T? value)
    {
        ArgumentNullException.ThrowIfNull(state);
        value = state.TryTakeFromJson<byte[]>(key, out var bytes) && bytes is { Length: > 0 } ? FromBytes<T>(bytes) : default;
        return value is not null;
    }

    /// <summary>The bytes persisted for <paramref name="value"/>: compressed JSON.</summary>
    public static byte[] ToBytes<T>(T value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        // Quality 5 (of 11): near the best ratio on this repetitive JSON at a fraction of the time of the higher levels;
        // the state reaches the page base64-encoded three times over (as a JSON byte array, in the state's dictionary,
        // and protected), so each byte saved here saves more than two in the HTML.
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(json.Length)];
        if (!BrotliEncoder.TryCompress(json, compressed, out var written, quality: 5, window: 22))
        {
            throw new InvalidOperationException("Compressing the page's state failed.");
        }
        return compressed[..written];
    }

    public static T? FromBytes<T>(byte[] bytes)
    {
        using var brotli = new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<T>(brotli, Options);
    }

    private static void ThroughPrivateSetters(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.Assembly != Domain)
        {
            return;
        }
        var type = typeInfo.Type;
        if (type.GetConstructors().Length == 0)
        {
            // No public constructor: made empty, then filled through the setters, as EF Core does.
            var parameterless = type.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, Type.EmptyTypes);
            typeInfo.CreateObject = parameterless is not null
                ? () => parameterless.Invoke(null)
                : () => RuntimeHelpers.GetUninitializedObject(type);
        }
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (property.Set is not null || property.AttributeProvider is not PropertyInfo info)
            {
                continue;
            }
            if (info.GetSetMethod(nonPublic: true) is { } setter)
            {
                property.Set = (target, value) => setter.Invoke(target, [value]);
            }
            else if (BackingList(type, info) is { } field)
            {
                // A collection the aggregate keeps in a private list (its items, its support matrix): filled in place.
                property.Set = (target, value) =>
                {
                    var list = (System.Collections.IList)field.GetValue(target)!;
                    foreach (var element in (System.Collections.IEnumerable)value!)
                    {
                        list.Add(element);
                    }
                };
            }
            else
            {
                typeInfo.Properties.RemoveAt(i); // computed from the others
            }
        }
    }

    /// <summary>The private <c>List&lt;T&gt;</c> field behind a read-only collection property (<c>Items</c>: <c>_items</c>).</summary>
    private static FieldInfo? BackingList(Type type, PropertyInfo property)
    {
        var field = type.GetField($"_{char.ToLowerInvariant(property.Name[0])}{property.Name[1..]}", BindingFlags.Instance | BindingFlags.NonPublic);
        return field is { FieldType.IsGenericType: true } && field.FieldType.GetGenericTypeDefinition() == typeof(List<>)
            && property.PropertyType.IsAssignableFrom(field.FieldType) ? field : null;
    }
}
