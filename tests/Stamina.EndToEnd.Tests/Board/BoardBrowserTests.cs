using PuppeteerSharp;
using Stamina.EndToEnd.Tests.Infrastructure;

namespace Stamina.EndToEnd.Tests.Board;

/// <summary>
/// The web board in a real headless Chromium against a real fleet: key entered, items submitted through the API
/// reach Succeeded on the page without a reload, an item's transcript reads as turns and tool uses and follows a
/// running agent, a cancel asks first, a read-only key sees no buttons. No console errors, no CSP violations.
/// Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class BoardBrowserTests : FleetTestBase
{
    const string ReadOnlyKey = "read-only-key-read-only-key-0123456789";
    const int Timeout = 60_000;
    static readonly string Screenshots = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots")).FullName;

    // Injected before the page's own scripts (the DevTools protocol is not bound by the page's CSP).
    const string RecordViolations = """
        window.__violations = [];
        document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
        """;

    IBrowser browser = null!;
    readonly List<string> problems = [];

    private protected override FleetOptions Options => new()
    {
        CoordinatorSettings = new Dictionary<string, string>
        {
            ["Stamina__ReadOnlyApiKey"] = ReadOnlyKey,
            ["Stamina__Board__PollInterval"] = "00:00:00.300",
        },
    };

    [SetUp]
    public async Task LaunchBrowser()
    {
        problems.Clear();
        browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        });
    }

    [TearDown]
    public async Task CloseBrowser() => await browser.DisposeAsync();

    async Task<IPage> OpenBoardAsync(string key)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1400, Height = 1000 });
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
                problems.Add("console: " + e.Message.Text);
        };
        page.PageError += (_, e) => problems.Add("page error: " + e.Message);
        await page.EvaluateExpressionOnNewDocumentAsync(RecordViolations);
        await page.GoToAsync(fleet.Url + "/", WaitUntilNavigation.Load);
        await page.WaitForSelectorAsync("#keyInput", new WaitForSelectorOptions { Visible = true, Timeout = Timeout });
        await page.TypeAsync("#keyInput", key);
        await page.ClickAsync("#key button");
        await page.WaitForFunctionAsync("() => document.getElementById('live').textContent === 'live'", new WaitForFunctionOptions { Timeout = Timeout });
        return page;
    }

    async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(Path.Combine(Screenshots, name + ".png"), new ScreenshotOptions { FullPage = true });

    async Task AssertCleanAsync(IPage page)
    {
        var violations = await page.EvaluateExpressionAsync<string[]>("window.__violations");
        Assert.That(violations, Is.Empty, "CSP violations");
        Assert.That(problems, Is.Empty, "console errors");
    }

    static Task WaitForTextAsync(IPage page, string selector, string text) =>
        page.WaitForFunctionAsync("(s, t) => document.querySelector(s)?.textContent === t", new WaitForFunctionOptions { Timeout = Timeout }, selector, text);

    [Test]
    public async Task The_board_Should_follow_items_to_Succeeded_show_a_transcript_and_cancel_after_asking()
    {
        var page = await OpenBoardAsync(fleet.ApiKey);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var item = await fleet.SubmitAsync(new
            {
                repo = fleet.Repository.Path,
                harness = "claude",
                prompt = $"board task {i}\nfake: succeed turns=3 delay=200ms",
                labels = new { batch = "board" },
            });
            ids.Add(item.Id().ToString());
        }

        await page.WaitForFunctionAsync(
            "ids => ids.every(id => document.querySelector(`#items tr[data-id='${id}']`)?.dataset.state === 'Succeeded')",
            new WaitForFunctionOptions { Timeout = Timeout }, ids);
        await page.WaitForFunctionAsync("() => Number(document.getElementById('chart').dataset.finished) >= 3", new WaitForFunctionOptions { Timeout = Timeout });
        await ShotAsync(page, "board-items");
        await fleet.SubmitAsync(new { repo = fleet.Repository.Path, command = new[] { "true" }, prompt = "not in the batch" });
        await page.TypeAsync("#filters input[name=label]", "batch=board");
        await page.ClickAsync("#filters button:not([type])");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#items tr').length === 3", new WaitForFunctionOptions { Timeout = Timeout });
        await page.ClickAsync("#filters button[type=reset]");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#items tr').length === 4", new WaitForFunctionOptions { Timeout = Timeout });

        await page.ClickAsync($"a[href='#/item/{ids[0]}']");
        await WaitForTextAsync(page, "#itemState", "Succeeded");
        await page.WaitForFunctionAsync("() => document.getElementById('transcript').dataset.complete === 'true'", new WaitForFunctionOptions { Timeout = Timeout });
        var kinds = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#transcript li')].map(li => li.className)");
        Assert.That(kinds, Does.Contain("init").And.Contain("tool").And.Contain("result"), "turns, tool uses and the result, read as such");
        Assert.That(await page.EvaluateExpressionAsync<string>("document.querySelector('#itemResult .diffstat').textContent"), Does.Contain("files changed"));
        await ShotAsync(page, "board-item");

        var running = (await fleet.SubmitAsync(new
        {
            repo = fleet.Repository.Path,
            harness = "claude",
            prompt = "a long one\nfake: succeed turns=200 delay=300ms",
        })).Id().ToString();
        await page.GoToAsync($"{fleet.Url}/#/item/{running}", WaitUntilNavigation.Load);
        await WaitForTextAsync(page, "#itemState", "Running");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#transcript li.tool').length >= 3", new WaitForFunctionOptions { Timeout = Timeout });
        await page.ClickAsync("#cancelItem");
        await page.WaitForSelectorAsync("#confirm[open]", new WaitForSelectorOptions { Timeout = Timeout });
        await ShotAsync(page, "board-confirm-cancel");
        await page.ClickAsync("#confirmYes");
        await WaitForTextAsync(page, "#itemState", "Cancelled");
        Assert.That((await fleet.ItemAsync(Guid.Parse(running))).State(), Is.EqualTo("Cancelled"));

        await page.GoToAsync($"{fleet.Url}/#/fleet", WaitUntilNavigation.Load);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#workers tr').length === 2", new WaitForFunctionOptions { Timeout = Timeout });
        await ShotAsync(page, "board-fleet");
        await AssertCleanAsync(page);
    }

    [Test]
    public async Task A_read_only_key_Should_see_items_but_no_buttons()
    {
        var id = (await fleet.SubmitAsync(new { repo = fleet.Repository.Path, harness = "claude", prompt = "fake: succeed turns=200 delay=300ms" })).Id();
        var page = await OpenBoardAsync(ReadOnlyKey);

        await page.WaitForSelectorAsync($"#items tr[data-id='{id}']", new WaitForSelectorOptions { Timeout = Timeout });
        await WaitForTextAsync(page, "#access", "read-only key");
        var visibleButtons = await page.EvaluateExpressionAsync<int>(
            "[...document.querySelectorAll('button.write')].filter(b => b.offsetParent !== null).length");
        Assert.That(visibleButtons, Is.Zero);
        await ShotAsync(page, "board-read-only");
        await AssertCleanAsync(page);
    }
}
