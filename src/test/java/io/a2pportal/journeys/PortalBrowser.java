package io.a2pportal.journeys;

import java.io.IOException;
import java.net.URL;

import org.htmlunit.BrowserVersion;
import org.htmlunit.CookieManager;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.htmlunit.util.Cookie;
import org.htmlunit.util.WebConnectionWrapper;
import org.htmlunit.html.HtmlElement;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;

/** A browser without JavaScript that logs in through the real Keycloak login form. */
public final class PortalBrowser implements AutoCloseable {

    public final WebClient client = new WebClient(BrowserVersion.FIREFOX);

    public PortalBrowser() {
        client.getOptions().setJavaScriptEnabled(false);
        client.getOptions().setCssEnabled(false);
        client.getOptions().setThrowExceptionOnFailingStatusCode(false);
        client.getOptions().setRedirectEnabled(true);
        new LoopbackSecureCookies(client);
    }

    /**
     * Keycloak marks its login cookies Secure even over plain HTTP on 127.0.0.1. Browsers treat a
     * loopback address as a secure context and send them back; HtmlUnit does not, so the flag is
     * dropped from loopback cookies as they arrive.
     */
    private static final class LoopbackSecureCookies extends WebConnectionWrapper {

        private final CookieManager cookies;

        LoopbackSecureCookies(WebClient client) {
            super(client);
            this.cookies = client.getCookieManager();
        }

        @Override
        public WebResponse getResponse(WebRequest request) throws IOException {
            WebResponse response = super.getResponse(request);
            for (Cookie cookie : cookies.getCookies()) {
                if (cookie.isSecure() && ("127.0.0.1".equals(cookie.getDomain()) || "localhost".equals(cookie.getDomain()))) {
                    cookies.removeCookie(cookie);
                    cookies.addCookie(new Cookie(cookie.getDomain(), cookie.getName(), cookie.getValue(), cookie.getPath(),
                            cookie.getExpires(), false, cookie.isHttpOnly(), null));
                }
            }
            return response;
        }
    }

    public HtmlPage open(URL url) throws IOException {
        Page page = client.getPage(url);
        if (page instanceof HtmlPage html) {
            return html;
        }
        throw new AssertionError(url + " answered " + page.getWebResponse().getStatusCode() + " "
                + page.getWebResponse().getContentType());
    }

    public static boolean isKeycloakLogin(HtmlPage page) {
        return page.getElementById("kc-form-login") != null;
    }

    /** Fills Keycloak's login form and submits it; returns the page the browser lands on. */
    static HtmlPage logIn(HtmlPage loginPage, String username, String password) throws IOException {
        if (!isKeycloakLogin(loginPage)) {
            throw new AssertionError("expected Keycloak's login form at " + loginPage.getUrl() + ":\n" + loginPage.asNormalizedText());
        }
        HtmlForm form = (HtmlForm) loginPage.getElementById("kc-form-login");
        form.getInputByName("username").setValue(username);
        form.getInputByName("password").setValue(password);
        return ((HtmlElement) loginPage.getElementById("kc-login")).click();
    }

    /** Opens a page of the portal and logs in as one of the realm's users when Keycloak asks. */
    public HtmlPage openAs(URL url, String email) throws IOException {
        return logIn(open(url), email, passwordOf(email));
    }

    public static String passwordOf(String email) {
        return KeycloakServer.PASSWORD_PREFIX + email.substring(0, email.indexOf('@'));
    }

    static HtmlPage logOut(HtmlPage portalPage) throws IOException {
        HtmlForm form = portalPage.getFirstByXPath("//form[@action='/logout']");
        if (form == null) {
            throw new AssertionError("no Log out button on " + portalPage.getUrl());
        }
        return ((HtmlElement) form.getFirstByXPath(".//button")).click();
    }

    @Override
    public void close() {
        client.close();
    }
}
