using System.Reflection;

namespace Precog.Domain.Tests;

/// <summary>The Domain stays pure: no Akka, no I/O packages, and no floating point on money paths.</summary>
public class DomainPurityTests
{
    private static readonly Assembly Domain = typeof(TradingSettings).Assembly;

    [Fact]
    public void Domain_references_only_the_runtime_and_mathnet()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var foreign = references.Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n == "netstandard" || n == "MathNet.Numerics")).ToList();

        Assert.Empty(foreign);
        Assert.DoesNotContain(references, n => n.StartsWith("Akka", StringComparison.Ordinal) || n.Contains("Npgsql") || n.Contains("Sqlite") || n == "System.Net.Http");
    }

    [Theory]
    [InlineData("Precog.Domain.Values")]
    [InlineData("Precog.Domain.Fees")]
    [InlineData("Precog.Domain.Entry")]
    [InlineData("Precog.Domain.Exits")]
    [InlineData("Precog.Domain.Exits.Conditions")]
    [InlineData("Precog.Domain.Positions")]
    [InlineData("Precog.Domain.Breakers")]
    [InlineData("Precog.Domain.Strategies")]
    public void Money_paths_use_no_double_or_float(string ns)
    {
        var types = Domain.GetTypes().Where(t => t.Namespace == ns && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute))).ToList();
        Assert.NotEmpty(types);

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var floating = types.SelectMany(t =>
                t.GetFields(all).Select(f => (Where: $"{t.Name}.{f.Name}", f.FieldType))
                    .Concat(t.GetProperties(all).Select(p => (Where: $"{t.Name}.{p.Name}", p.PropertyType)))
                    .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => (Where: $"{t.Name}.{m.Name}({p.Name})", p.ParameterType))
                        .Append((Where: $"{t.Name}.{m.Name} returns", m.ReturnType)))))
            .Where(x => IsFloating(x.Item2))
            .Select(x => x.Where)
            .Except(ModelBoundary)
            .ToList();

        Assert.Empty(floating);
    }

    /// <summary>The one door from the models' floating-point statistics into exact values, rounding to four places.</summary>
    private static readonly string[] ModelBoundary = ["Probability.FromModel(value)"];

    private static bool IsFloating(Type t) =>
        (Nullable.GetUnderlyingType(t) ?? t) is var u && (u == typeof(double) || u == typeof(float) || u == typeof(Half));
}
