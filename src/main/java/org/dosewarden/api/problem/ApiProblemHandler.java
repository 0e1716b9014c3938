package org.dosewarden.api.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers every {@link ApiProblem} with its problem document. */
@Singleton
@Produces(ProblemJson.MEDIA_TYPE)
final class ApiProblemHandler implements ExceptionHandler<ApiProblem, HttpResponse<?>> {

    private final ProblemJson problems;

    ApiProblemHandler(ProblemJson problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiProblem problem) {
        return problems.response(problem.status(), problem.body(request.getPath()));
    }
}
