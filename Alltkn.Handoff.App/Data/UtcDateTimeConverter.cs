using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Alltkn.Handoff.App.Data;

/// <summary>Stores DateTime as UTC and reads it back with <see cref="DateTimeKind.Utc"/>.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
