package org.dosewarden.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Response headers for the pages and their assets: a Content-Security-Policy that lets a page load only this
 * daemon's own scripts, styles and fonts and connect only to this daemon and the ward's broker (so a page
 * that shows text from the bus cannot be made to run or fetch anything else), no framing, no MIME sniffing,
 * no referrer to other sites. {@code same-origin}, not {@code no-referrer}: under {@code no-referrer} a browser
 * sends {@code Origin: null} with the page's own form posts and script requests, and the console's CSRF check
 * (rightly) refuses a change from an unknown origin.
 */
@ServerFilter({"/", "/ward", "/ward/**", "/assets/**", "/console", "/console/**"})
final class PageSecurityHeaders {

    private final PagesController pages;

    PageSecurityHeaders(PagesController pages) {
        this.pages = pages;
    }

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        WardSettings ward = pages.wardSettings();
        String broker = ward == null ? "" : ward.brokerOriginFor(request.getHeaders().get(HttpHeaders.HOST))
                .map(o -> " " + o).orElse("");
        response.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "font-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'" + broker
                + "; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        response.header("X-Content-Type-Options", "nosniff");
        response.header("Referrer-Policy", "same-origin");
        response.header("X-Frame-Options", "DENY");
    }
}
