using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alltkn.Handoff.App.Api;

/// <summary>
/// The API's enums in JSON: read only when the value is one of the enum's names (whatever its case, spaces around it
/// ignored, as <see cref="JsonStringEnumConverter"/> reads a name), written as the name. <see cref="JsonStringEnumConverter"/>
/// alone also reads a comma list as its names OR'ed together, even for an enum that is not [Flags]:
/// <c>"SignOffGoLive, ConfirmTrial, StartGoLive"</c> is 4 | 1 | 3 = 7, which is <c>Cancel</c>. Such a value is refused
/// here (a <see cref="JsonException"/>, which the API answers with 400 naming the field and its names, see
/// <see cref="ApiInput"/>); every value let through is read and written by the framework's converter, numbers refused.
/// </summary>
internal sealed class EnumByNameConverter : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Names = new(allowIntegerValues: false);

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OneName<>).MakeGenericType(typeToConvert), Names.CreateConverter(typeToConvert, options))!;

    private sealed class OneName<T>(JsonConverter<T> framework) : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly HashSet<string> EnumNames = new(Enum.GetNames<T>(), StringComparer.OrdinalIgnoreCase);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Refuse(ref reader);
            return framework.Read(ref reader, typeToConvert, options);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => framework.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Refuse(ref reader);
            return framework.ReadAsPropertyName(ref reader, typeToConvert, options);
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            framework.WriteAsPropertyName(writer, value, options);

        /// <summary>A string that is not one name (a comma list, a trailing comma): refused before the framework ORs it together.</summary>
        private static void Refuse(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !EnumNames.Contains(reader.GetString()!.Trim()))
            {
                throw new JsonException();
            }
        }
    }
}
