// Draws the API's documentation (Swagger UI, from the drf-spectacular-sidecar package's static
// files) from the OpenAPI schema whose address the page gives. A file of its own rather than
// an inline script, for the site's Content-Security-Policy; without JavaScript the page's own
// text and links to the schema remain.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: container.getAttribute("data-schema-url"),
    domNode: container,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No link inside each operation's summary button: a link in a button is unusable by keyboard.
    deepLinking: false,
    // No call to the public validator: nothing leaves the site.
    validatorUrl: null,
    // The API is read-only: « Try it out » only for GET.
    supportedSubmitMethods: ["get"],
    defaultModelsExpandDepth: 0,
    // Plain examples: the highlighter's colours fall short of a 4.5:1 contrast.
    syntaxHighlight: false,
  });
})();
