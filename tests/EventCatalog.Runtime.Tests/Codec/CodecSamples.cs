using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using EventCatalog.Metadata;
using EventCatalog.Runtime.Tests.Wire;

namespace EventCatalog.Runtime.Tests.Codec;

/// <summary>Envelopes of every event of the root catalog and of the wire catalog, and a deep comparison for what records compare by reference (lists, maps) or loosely (offsets, decimal scale).</summary>
internal static class CodecSamples
{
    public const string Node = "ExESDB.ControlPlane@node-1";

    public static readonly DateTimeOffset Time = new(2026, 11, 29, 22, 2, 9, 123, TimeSpan.Zero);

    /// <summary>Every record type of a catalog (its generated <c>[CatalogEvent]</c> records), in declaration order.</summary>
    public static IEnumerable<Type> RecordsOf(Type catalogClass) =>
        typeof(CodecSamples).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CatalogEventAttribute>() is { } a && a.Catalog == catalogClass)
            .OrderBy(t => t.MetadataToken);

    /// <summary>An envelope of <paramref name="recordType"/> with sample values; <paramref name="variant"/> picks among them (0: optionals null).</summary>
    public static IEventEnvelope EnvelopeOf(Type recordType, int variant, string? storeId = "store_1")
    {
        ConstructorInfo constructor = recordType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        object?[] arguments = constructor.GetParameters().Select(p => SampleValue(p.ParameterType, IsNullable(p), variant, p.Name!)).ToArray();
        object data = constructor.Invoke(arguments);
        string eventType = ((ICatalogEvent)data).EventType;
        Type envelopeType = typeof(EventEnvelope<>).MakeGenericType(recordType);
        return (IEventEnvelope)Activator.CreateInstance(envelopeType, EventIds.NewId(), eventType, storeId, Node, Time, data)!;
    }

    public static IEventPayload PayloadOf(IEventEnvelope envelope, string wrapper)
    {
        Type payloadType = typeof(EventPayload<>).MakeGenericType(envelope.GetType().GetGenericArguments()[0]);
        return (IEventPayload)Activator.CreateInstance(payloadType, wrapper, envelope)!;
    }

    private static bool IsNullable(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable;

    private static object? SampleValue(Type type, bool nullable, int variant, string name)
    {
        if (nullable && variant == 0)
        {
            return null;
        }

        Type core = Nullable.GetUnderlyingType(type) ?? type;
        if (core == typeof(string))
        {
            return variant % 2 == 0 ? name + "-value" : "ünïcödé ✓ 日本語 🚀 \"q\" \\ / \b\f\n\r\t \u0001 <tag> & 'x'";
        }

        if (core == typeof(bool))
        {
            return variant % 2 == 1;
        }

        if (core == typeof(int))
        {
            return variant == 2 ? int.MinValue : variant == 3 ? int.MaxValue : 42;
        }

        if (core == typeof(long))
        {
            return variant == 2 ? long.MinValue : variant == 3 ? long.MaxValue : 9_007_199_254_740_993L;
        }

        if (core == typeof(double))
        {
            return variant == 2 ? double.Epsilon : variant == 3 ? double.MaxValue : 0.1 + 0.2;
        }

        if (core == typeof(decimal))
        {
            return variant == 2 ? decimal.MaxValue : variant == 3 ? -0.000000000000000000000000001m : 1.50m;
        }

        if (core == typeof(Guid))
        {
            return new Guid("0f8fad5b-d9cb-469f-a165-70867728950e");
        }

        if (core == typeof(DateTimeOffset))
        {
            return variant == 2 ? new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(1234567)
                : variant == 3 ? new DateTimeOffset(1, 1, 1, 14, 0, 0, TimeSpan.FromHours(14))
                : new DateTimeOffset(2026, 5, 1, 12, 30, 0, 500, TimeSpan.FromMinutes(330));
        }

        if (core == typeof(TimeSpan))
        {
            return variant == 2 ? TimeSpan.MinValue : variant == 3 ? TimeSpan.MaxValue : new TimeSpan(1, 2, 3, 4, 500);
        }

        if (core == typeof(byte[]))
        {
            return variant switch { 1 => Array.Empty<byte>(), 2 => Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), _ => new byte[] { 1, 2, 3, 255 } };
        }

        if (core == typeof(Uri))
        {
            return variant switch
            {
                1 => new Uri("urn:isbn:0451450523"),
                2 => new Uri("https://例え.jp/päth?q=a b&x=\"y\"#frag"),
                3 => new Uri("HTTP://Example.COM:8080/A/../b"),
                _ => new Uri("https://example.com/orders/1?expand=lines"),
            };
        }

        if (core == typeof(DateOnly))
        {
            return variant switch { 1 => DateOnly.MinValue, 2 => new DateOnly(2024, 2, 29), 3 => DateOnly.MaxValue, _ => new DateOnly(2026, 12, 6) };
        }

        if (core.IsEnum)
        {
            Array values = Enum.GetValues(core);
            return values.GetValue((variant + name.Length) % values.Length);
        }

        if (typeof(IValidatable).IsAssignableFrom(core) && core.GetCustomAttribute<CatalogEventAttribute>() is null)
        {
            // An object type of the catalog: its record, with sample values (one level deeper: variants of its own).
            ConstructorInfo objectConstructor = core.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            return objectConstructor.Invoke(objectConstructor.GetParameters().Select(p => SampleValue(p.ParameterType, IsNullable(p), (variant + 1) % 4, p.Name!)).ToArray());
        }

        if (core.IsGenericType && core.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            Type element = core.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            bool elementNullable = Nullable.GetUnderlyingType(element) is not null || name.StartsWith("maybe", StringComparison.Ordinal);
            for (int i = 0; i < 3; i++)
            {
                list.Add(elementNullable && i == 1 ? null : SampleValue(element, false, variant + i, name));
            }

            return list;
        }

        if (core.IsGenericType && core.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            Type element = core.GetGenericArguments()[1];
            var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), element))!;
            map["first"] = SampleValue(element, false, variant, name);
            map["ключ \"two\""] = SampleValue(element, false, variant + 1, name);
            return map;
        }

        throw new NotSupportedException(core.FullName);
    }

    /// <summary>Every envelope of both catalogs, in four variants each.</summary>
    public static IEnumerable<IEventEnvelope> AllEnvelopes()
    {
        foreach (Type catalog in new[] { typeof(ExESDB.Events), typeof(WireEvents) })
        {
            foreach (Type record in RecordsOf(catalog))
            {
                for (int variant = 0; variant < 4; variant++)
                {
                    yield return EnvelopeOf(record, variant, variant == 1 ? null : "store_1");
                }
            }
        }
    }

    /// <summary>Null when equal; else where and how they differ. Offsets of timestamps, decimal scale and double bits count.</summary>
    public static string? Difference(object? expected, object? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }

        switch (expected)
        {
            case string s:
                return actual is string t && string.Equals(s, t, StringComparison.Ordinal) ? null : $"{path}: expected {Show(s)}, got {Show(actual)}";
            case DateTimeOffset d:
                return actual is DateTimeOffset e && d.Ticks == e.Ticks && d.Offset == e.Offset ? null : $"{path}: expected {d:O}, got {Show(actual)}";
            case decimal m:
                return actual is decimal n && m.ToString(CultureInfo.InvariantCulture) == n.ToString(CultureInfo.InvariantCulture) ? null : $"{path}: expected {m}, got {Show(actual)}";
            case double x:
                return actual is double y && BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) ? null : $"{path}: expected {x:R}, got {Show(actual)}";
            case IDictionary map:
            {
                if (actual is not IDictionary other || other.Count != map.Count)
                {
                    return $"{path}: expected a map of {map.Count}, got {Show(actual)}";
                }

                foreach (DictionaryEntry entry in map)
                {
                    if (!other.Contains(entry.Key))
                    {
                        return $"{path}['{entry.Key}']: missing";
                    }

                    string? inner = Difference(entry.Value, other[entry.Key], $"{path}['{entry.Key}']");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            }

            case IList list:
            {
                if (actual is not IList other || other.Count != list.Count)
                {
                    return $"{path}: expected a list of {list.Count}, got {Show(actual)}";
                }

                for (int i = 0; i < list.Count; i++)
                {
                    string? inner = Difference(list[i], other[i], $"{path}[{i}]");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            }
        }

        Type type = expected.GetType();
        if (type.GetCustomAttribute<CatalogEventAttribute>() is not null || expected is IValidatable || (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(EventEnvelope<>) || type.GetGenericTypeDefinition() == typeof(EventPayload<>))))
        {
            if (actual.GetType() != type)
            {
                return $"{path}: expected a {type.Name}, got a {actual.GetType().Name}";
            }

            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
            {
                string? inner = Difference(property.GetValue(expected), property.GetValue(actual), path + "." + property.Name);
                if (inner is not null)
                {
                    return inner;
                }
            }

            return null;
        }

        return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
    }

    private static string Show(object? value) => value is null ? "null" : value is string s ? "\"" + s + "\"" : value.ToString() ?? value.GetType().Name;
}
