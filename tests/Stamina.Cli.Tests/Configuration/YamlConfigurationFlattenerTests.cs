using Stamina.ServiceDefaults.Configuration;

namespace Stamina.Cli.Tests.Configuration;

public class YamlConfigurationFlattenerTests
{
    static Dictionary<string, string?> Flatten(string yaml) => YamlConfigurationFlattener.Flatten(new StringReader(yaml), "/etc/stamina.yml");

    [Test]
    public void When_mappings_nest_Should_join_their_keys_with_colons()
    {
        var data = Flatten("""
            ConnectionStrings:
              Postgres: Host=db;Password=x
            Stamina:
              Worker:
                Pool: night
                DrainTimeout: "00:00:45"
            """);

        Assert.That(data, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=db;Password=x",
            ["Stamina:Worker:Pool"] = "night",
            ["Stamina:Worker:DrainTimeout"] = "00:00:45",
        }));
    }

    [Test]
    public void When_a_value_is_a_list_Should_number_its_items_including_nested_mappings()
    {
        var data = Flatten("""
            Stamina:
              AllowedLocalRoots:
                - /srv/git
                - /home/ci/repos
              Harnesses:
                claude:
                  ExtraArguments: [--verbose, "--max-turns=3"]
              Things:
                - Name: a
                  Size: 1
            """);

        Assert.That(data["Stamina:AllowedLocalRoots:0"], Is.EqualTo("/srv/git"));
        Assert.That(data["Stamina:AllowedLocalRoots:1"], Is.EqualTo("/home/ci/repos"));
        Assert.That(data["Stamina:Harnesses:claude:ExtraArguments:0"], Is.EqualTo("--verbose"));
        Assert.That(data["Stamina:Harnesses:claude:ExtraArguments:1"], Is.EqualTo("--max-turns=3"));
        Assert.That(data["Stamina:Things:0:Name"], Is.EqualTo("a"));
        Assert.That(data["Stamina:Things:0:Size"], Is.EqualTo("1"));
        Assert.That(data, Has.Count.EqualTo(6));
    }

    [Test]
    public void When_scalars_are_typed_or_null_Should_keep_the_text_as_written_and_null_for_yaml_null()
    {
        var data = Flatten("""
            A: true
            B: 12
            C: ~
            D:
            E: "null"
            F: 'it''s'
            G: |
              two
              lines
            H: after
            """);

        Assert.That(data["A"], Is.EqualTo("true"));
        Assert.That(data["B"], Is.EqualTo("12"));
        Assert.That(data["C"], Is.Null);
        Assert.That(data["D"], Is.Null);
        Assert.That(data["E"], Is.EqualTo("null"), "a quoted 'null' is text");
        Assert.That(data["F"], Is.EqualTo("it's"));
        Assert.That(data["G"], Is.EqualTo("two\nlines\n"));
    }

    [Test]
    public void When_keys_differ_only_in_case_Should_find_them_either_way()
    {
        var data = Flatten("Stamina:\n  Worker:\n    Pool: night\n");

        Assert.That(data["stamina:worker:pool"], Is.EqualTo("night"));
    }

    [TestCase("")]
    [TestCase("# only a comment\n")]
    [TestCase("---\n")]
    public void When_the_file_is_empty_Should_give_no_keys(string yaml) => Assert.That(Flatten(yaml), Is.Empty);

    [TestCase("Stamina:\n  Worker:\n    Pool: [a\n", 4, 1)]
    [TestCase("Stamina:\n  Worker: x\n   Pool: y\n", 3, 8)]
    [TestCase("A: 1\nB: \"unclosed\nC: 2\n", 2, 4)]
    public void When_the_yaml_is_malformed_Should_name_file_line_and_column(string yaml, int line, int column)
    {
        var exception = Assert.Throws<StaminaConfigException>(() => Flatten(yaml))!;

        Assert.That(exception.Message, Does.StartWith($"/etc/stamina.yml:{line}:{column}: "));
        Assert.That((exception.File, exception.Line, exception.Column), Is.EqualTo(("/etc/stamina.yml", (int?)line, (int?)column)));
    }

    [TestCase("Stamina:\n  Worker:\n    Pool: a\n    pool: b\n", 4, 5, "appears twice")]
    [TestCase("- a\n- b\n", 1, 1, "top level must be a mapping")]
    [TestCase("just text\n", 1, 1, "top level must be a mapping")]
    [TestCase("A: 1\n---\nB: 2\n", 3, 1, "only one YAML document")]
    [TestCase("Stamina:\n  Worker:Pool: a\n", 2, 3, "contains ':'")]
    [TestCase("? [a, b]\n: c\n", 1, 3, "plain name")]
    public void When_the_yaml_parses_but_cannot_be_configuration_Should_say_where_and_why(string yaml, int line, int column, string why)
    {
        var exception = Assert.Throws<StaminaConfigException>(() => Flatten(yaml))!;

        Assert.That(exception.Message, Does.StartWith($"/etc/stamina.yml:{line}:{column}: "));
        Assert.That(exception.Message, Does.Contain(why));
    }
}
