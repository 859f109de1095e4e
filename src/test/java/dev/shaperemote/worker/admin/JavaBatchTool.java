package dev.shaperemote.worker.admin;

import dev.shaperemote.it.ItServer;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.WaitForSelectorState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Admin Center's Java Batch tool in a headless Debian Chromium, driven as an operator would: log in, find a
 * job instance, open its execution, stop or restart it from the instance's action menu. The selectors are the
 * tool's own element ids (adminCenter-1.0 with batchManagement-1.0 of Open Liberty 25.0.0.x).
 */
final class JavaBatchTool implements AutoCloseable {
    /** Debian's chromium package (src/test/scripts/install-chromium.sh); Playwright downloads no browser here. */
    static final Path CHROMIUM = Path.of(System.getProperty("chromium.path", "/usr/bin/chromium"));
    /** How long one element may take to appear: Admin Center is slow to load on a busy machine. */
    private static final double WAIT_MS = 90_000;
    /** The job log view's text pane. */
    private static final String JOBLOG_PANE = "jobLogs-Page-contentPane";

    private final Playwright playwright;
    private final Page page;
    private final Path screenshots;
    private final String base = ItServer.MANAGEMENT;

    private JavaBatchTool(Path screenshots) {
        this.screenshots = screenshots;
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM).setHeadless(true).setTimeout(WAIT_MS)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            // The server's certificate is the self-signed one Liberty generated; English labels for the assertions.
            BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setIgnoreHTTPSErrors(true).setLocale("en-US").setViewportSize(1400, 900));
            context.setDefaultTimeout(WAIT_MS);
            context.setDefaultNavigationTimeout(WAIT_MS);
            page = context.newPage();
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** Starts the browser and logs in to Admin Center as {@code user}. */
    static JavaBatchTool login(String user, String password, Path screenshots) {
        if (!Files.isExecutable(CHROMIUM)) fail(CHROMIUM + " is missing: the build installs it with src/test/scripts/install-chromium.sh");
        JavaBatchTool tool = new JavaBatchTool(screenshots);
        try {
            Page page = tool.page;
            page.navigate(tool.base + "/adminCenter/");
            page.locator("#j_username").fill(user); // Admin Center sends an anonymous visitor to its login form
            page.locator("#j_password").fill(password);
            page.locator("#loginButton").click();
            page.waitForURL(url -> !url.contains("login"), new Page.WaitForURLOptions().setTimeout(WAIT_MS));
            return tool;
        } catch (RuntimeException | Error e) {
            tool.close();
            throw e;
        }
    }

    /**
     * The tool (in the toolbox's frame), its list filtered to one job instance; waits until that instance's row
     * shows and the list's loading overlay is gone.
     */
    void showInstance(long instanceId) {
        open("#javaBatch/?jobInstanceId=" + instanceId);
        row(instanceId).waitFor();
        tool().locator("#javaBatch-grid-loading-pane img").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    }

    /** The text of one column of an instance's row: jobName, instanceId, appName, instanceState, ... */
    Locator cell(long instanceId, String column) {
        return row(instanceId).locator("td[colid='" + column + "']");
    }

    /**
     * Opens the list again until the instance's state reads {@code state} (the list does not refresh itself),
     * failing after {@code timeout}.
     */
    void awaitState(long instanceId, String state, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        String seen = "";
        while (Instant.now().isBefore(end)) {
            showInstance(instanceId);
            seen = cell(instanceId, "instanceState").innerText().trim();
            if (seen.equals(state)) return;
            page.waitForTimeout(1_000); // between two reloads of the list, not an assertion
        }
        fail("Admin Center shows instance " + instanceId + " as '" + seen + "', not '" + state + "'");
    }

    /** The execution's detail page: its status, job parameters and steps. */
    void showExecution(long executionId) {
        open("#javaBatch/jobexecutions/" + executionId);
        assertThat(tool().locator("#execution-id")).hasText(Long.toString(executionId));
    }

    /** An element of the execution's detail page by its id: execution-status, execution-jobParameters, ... */
    Locator detail(String id) {
        return tool().locator("#" + id);
    }

    /** The exit status of a step in the execution's steps grid (the map job's "N of TOTAL records written"). */
    Locator stepExitStatus(String step) {
        return tool().locator("#stepsDetailGrid .gridxRow:has(td[colid='stepName'] span[title='" + step + "']) td[colid='exitStatus']");
    }

    /** The execution's job log (its last page), as the execution page's log icon opens it. */
    Locator jobLog(long executionId) {
        open("#javaBatch/joblogs/?jobexecution=" + executionId);
        return tool().locator("#" + JOBLOG_PANE);
    }

    /** Chooses Stop on the instance's action menu (in the list) and confirms it. */
    void stop(long instanceId) {
        choose(instanceId, "stopButton");
        confirm(instanceId);
    }

    /** Chooses Restart on the instance's action menu and confirms it with the previous execution's job parameters. */
    void restart(long instanceId) {
        choose(instanceId, "restartButton");
        assertThat(tool().locator("#reuseParmsToggle")).isChecked(); // the dialog's default: the job needs them
        confirm(instanceId);
    }

    private void choose(long instanceId, String button) {
        showInstance(instanceId); // the action menu is on the instance's row of the list
        tool().locator("#" + menu(instanceId)).click();
        tool().locator("#" + menu(instanceId) + "-actionMenu-" + button).click();
    }

    private void confirm(long instanceId) {
        Locator confirm = tool().locator("#" + menu(instanceId) + "-actionMenu-confirmationButton");
        confirm.click();
        confirm.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
    }

    private static String menu(long instanceId) {
        return "actionButton-inst-" + instanceId;
    }

    /** A full-page picture under the screenshots directory, for a person to look at. */
    Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    private void open(String hash) {
        String url = base + "/adminCenter/" + hash;
        if (url.equals(page.url())) page.reload();
        else page.navigate(url);
        page.waitForLoadState(LoadState.LOAD);
    }

    private FrameLocator tool() {
        return page.frameLocator("iframe#toolIFrame");
    }

    private Locator row(long instanceId) {
        return tool().locator("#jobInstanceGrid .gridxRow[rowid='" + instanceId + "']");
    }

    @Override
    public void close() {
        playwright.close(); // closes the browser too
    }
}
