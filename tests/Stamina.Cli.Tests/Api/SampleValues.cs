using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Stamina.Cli.Tests.Api;

/// <summary>
/// Builds an instance of a view or request type with every property set to a value other than its default (strings
/// name their property, one element in every list and dictionary), so a round trip that drops a field shows.
/// </summary>
static class SampleValues
{
    const int MaxDepth = 6;
    static readonly DateTimeOffset When = new(2026, 12, 1, 9, 30, 15, TimeSpan.Zero);

    public static object Of(Type type) => Create(type, "root", 0) ?? throw new InvalidOperationException($"cannot build a {type}");

    static object? Create(Type type, string name, int depth)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
            return Create(inner, name, depth);
        if (type == typeof(string))
            return $"{name}-text";
        if (type == typeof(Guid))
            return new Guid("6a3c2f0e-3d4b-4c5a-9f1e-2b7d8c9a0e11");
        if (type == typeof(bool))
            return true;
        if (type == typeof(DateTimeOffset))
            return When;
        if (type == typeof(DateTime))
            return When.UtcDateTime;
        if (type == typeof(TimeSpan))
            return TimeSpan.FromMinutes(90);
        if (type == typeof(JsonElement))
            return JsonDocument.Parse("""{"sample":1}""").RootElement.Clone();
        if (type.IsEnum)
            return Enum.GetValues(type).Cast<object>().Last();
        if (type.IsPrimitive || type == typeof(decimal))
            return Convert.ChangeType(7, type);
        if (depth >= MaxDepth)
            return null;
        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(Create(type.GetElementType()!, name, depth + 1), 0);
            return array;
        }
        if (DictionaryTypes(type) is { } pair)
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(pair.Key, pair.Value))!;
            dictionary.Add(Create(pair.Key, name + "-key", depth + 1)!, Create(pair.Value, name, depth + 1));
            return dictionary;
        }
        if (ElementType(type) is { } element)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Create(element, name, depth + 1));
            return list;
        }
        return Build(type, depth);
    }

    static object Build(Type type, int depth)
    {
        // The widest constructor, never a record's copy constructor.
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Where(c => c.GetParameters().All(p => p.ParameterType != type))
            .OrderByDescending(c => c.GetParameters().Length).First();
        var instance = constructor.Invoke(constructor.GetParameters().Select(p => Create(p.ParameterType, p.Name!, depth + 1)).ToArray());
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { } setter || property.GetIndexParameters().Length > 0)
                continue;
            setter.Invoke(instance, [Create(property.PropertyType, property.Name, depth + 1)]);
        }
        return instance;
    }

    static KeyValuePair<Type, Type>? DictionaryTypes(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>))
            ? type.GetGenericArguments()
            : null;
        return dictionary is null ? null : new(dictionary[0], dictionary[1]);
    }

    static Type? ElementType(Type type) =>
        type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element : null;
}
