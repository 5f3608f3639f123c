/* Starts the vendored Swagger UI on this server's OpenAPI description (no inline script, no validator). */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    window.ui = SwaggerUIBundle({
      url: "/api/v1/openapi.json",
      dom_id: "#swagger-ui",
      validatorUrl: null,
      deepLinking: true,
      tryItOutEnabled: false
    });
  });
})();
