package io.ferrymq.it.console;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Debian's headless Chromium driven by Selenium (Debian's chromedriver, nothing downloaded) with a fresh profile
 * removed on close, and the few page actions the console tests need: log in, open a page, wait for an element,
 * take a screenshot into {@code docs/images/}.
 */
final class HeadlessChromium implements AutoCloseable {
    final WebDriver driver;
    private final Path profile;
    private final String url;
    private final Path images = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/images");

    /** True when Debian's chromium and chromium-driver are installed. */
    static boolean available() {
        return new File(ConsoleBrowserStories.CHROMIUM).canExecute()
                && new File(ConsoleBrowserStories.CHROMEDRIVER).canExecute();
    }

    HeadlessChromium(String consoleUrl, String windowSize) throws Exception {
        this.url = consoleUrl;
        this.profile = Files.createTempDirectory("ferrymq-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(ConsoleBrowserStories.CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=" + windowSize, "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(ConsoleBrowserStories.CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
    }

    /** Waits up to 60 s for {@code c} to give a non-null, non-false answer. */
    <T> T until(String what, Function<WebDriver, T> c) {
        return new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(c);
    }

    /** The first displayed element matching {@code css}, waiting for it. */
    WebElement el(String css) {
        return until(css, d -> {
            List<WebElement> l = d.findElements(By.cssSelector(css));
            return l.isEmpty() || !l.get(0).isDisplayed() ? null : l.get(0);
        });
    }

    void logIn(String user, String password) {
        driver.get(url);
        el("#login-user").sendKeys(user);
        el("#login-password").sendKeys(password);
        el("#login-submit").click();
        until("logged in", d -> d.findElement(By.id("user-name")).getText().startsWith(user + " (") ? true : null);
    }

    /** Opens {@code #/hash} freshly (a reload, so nothing of the page before is reused). */
    void open(String hash) {
        driver.get(url + "#/" + hash);
        driver.navigate().refresh();
    }

    void screenshot(String name) throws Exception {
        Files.createDirectories(images);
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), images.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws Exception {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
