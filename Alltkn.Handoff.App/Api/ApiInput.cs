using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Alltkn.Handoff.App.Api;

/// <summary>
/// Enums are read by name, everywhere in the API. The JSON body refuses numbers and comma lists of names
/// (<see cref="EnumByNameConverter"/>); a route or query value is taken only when it is one of the enum's names (the
/// framework's binding would take <c>99</c>, or <c>Trial,Inquiry</c> as Trial | Inquiry, and pass a value that does not
/// exist or was not meant to the services). A value refused is a 400 naming the field and the names it takes.
/// </summary>
internal static class ApiInput
{
    private sealed record EnumInput(string Name, Type EnumType);

    private static readonly ConcurrentDictionary<MethodInfo, EnumInput[]> Inputs = new();

    /// <summary>What to send instead of a value that is not one of <paramref name="enumType"/>'s names.</summary>
    public static string EnumByName(Type enumType) =>
        $"Give one of {string.Join(", ", Enum.GetNames(enumType))}, by name (numbers are not taken).";

    /// <summary>Whether the endpoint's handler reads an enum from its route or query.</summary>
    public static bool ReadsEnums(MethodInfo handler) => InputsOf(handler).Length > 0;

    /// <summary>The handler's enum route and query values that are not one of the enum's names, by field (none: all good).</summary>
    public static Dictionary<string, string[]> UnknownEnumValues(HttpContext http, MethodInfo handler)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var input in InputsOf(handler))
        {
            var raw = http.Request.RouteValues.TryGetValue(input.Name, out var routeValue) ? routeValue?.ToString()
                : http.Request.Query.TryGetValue(input.Name, out var queryValue) ? queryValue.ToString()
                : null;
            // Empty is "not given" to the binder (an optional parameter stays null).
            if (!string.IsNullOrEmpty(raw) && !Enum.GetNames(input.EnumType).Contains(raw.Trim(), StringComparer.Ordinal))
            {
                errors[JsonNamingPolicy.CamelCase.ConvertName(input.Name)] = [EnumByName(input.EnumType)];
            }
        }
        return errors;
    }

    /// <summary>
    /// The errors by field of a request the framework could not bind: the JSON body's field that could not be read (an enum
    /// sent as a number, an unknown name or a list of names says which names it takes), or an enum route or query value that is not a name.
    /// Null when no field can be named (malformed JSON, a missing body): the caller says what to check in general.
    /// </summary>
    public static Dictionary<string, string[]>? ErrorsOf(BadHttpRequestException exception, HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        if (exception.InnerException is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal))
        {
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var (field, type) = FieldAt(options, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType, path[2..]);
            return new Dictionary<string, string[]>
            {
                [field] = [EnumOf(type) is { } enumType ? EnumByName(enumType) : "This value could not be read; see the API reference for what this field takes."],
            };
        }
        return endpoint?.Metadata.GetMetadata<MethodInfo>() is { } handler && UnknownEnumValues(http, handler) is { Count: > 0 } errors
            ? errors
            : null;
    }

    /// <summary>The field at a JSON path of the body (its names as the API writes them) and its type, when the body's contract has it.</summary>
    private static (string Field, Type? Type) FieldAt(JsonSerializerOptions options, Type? bodyType, string path)
    {
        var segments = path.Split('.');
        var names = new List<string>();
        var type = bodyType;
        foreach (var segment in segments)
        {
            var property = type is null ? null : PropertyOf(options, type, segment);
            if (property is null)
            {
                return (path, null);
            }
            names.Add(property.Name);
            type = property.PropertyType;
        }
        return (string.Join('.', names), type);
    }

    private static JsonPropertyInfo? PropertyOf(JsonSerializerOptions options, Type type, string name)
    {
        try
        {
            return options.GetTypeInfo(type).Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private static EnumInput[] InputsOf(MethodInfo handler) => Inputs.GetOrAdd(handler, static method => method.GetParameters().SelectMany(InputsOf).ToArray());

    /// <summary>The enum values a parameter reads from the route or the query: itself, or the properties of an [AsParameters] record.</summary>
    private static IEnumerable<EnumInput> InputsOf(ParameterInfo parameter)
    {
        if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
        {
            return parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => EnumOf(p.PropertyType) is not null && !p.GetCustomAttributes(inherit: true).OfType<IFromBodyMetadata>().Any())
                .Select(p => new EnumInput(NameOf(p, p.Name), EnumOf(p.PropertyType)!));
        }
        return EnumOf(parameter.ParameterType) is { } enumType && !parameter.GetCustomAttributes(inherit: true).OfType<IFromBodyMetadata>().Any()
            ? [new EnumInput(NameOf(parameter, parameter.Name!), enumType)]
            : [];
    }

    private static string NameOf(ICustomAttributeProvider member, string name) =>
        member.GetCustomAttributes(inherit: true).Select(a => a switch
        {
            IFromRouteMetadata route => route.Name,
            IFromQueryMetadata query => query.Name,
            _ => null,
        }).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? name;

    private static Type? EnumOf(Type? type) =>
        type is null ? null : (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType ? enumType : null;
}
