package org.dosewarden.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;

/** The users of application-apitest.yml and their passwords. */
enum ApiUsers {
    CLIN_A("clin-a", "clinician-a-secret"),
    CLIN_B("clin-b", "clinician-b-secret"),
    VIEWER("watcher", "viewer-secret-1"),
    ADMIN("keeper", "admin-secret-1");

    final String user;
    final String password;

    ApiUsers(String user, String password) {
        this.user = user;
        this.password = password;
    }

    <T> MutableHttpRequest<T> on(MutableHttpRequest<T> request) {
        return request.basicAuth(user, password);
    }

    static <T> MutableHttpRequest<T> as(ApiUsers user, MutableHttpRequest<T> request) {
        return user.on(request);
    }

    static MutableHttpRequest<String> post(ApiUsers user, String path, String body) {
        return user.on(HttpRequest.POST(path, body).contentType("application/json"));
    }
}
