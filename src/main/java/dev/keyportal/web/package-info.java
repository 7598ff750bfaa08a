/** The home page, the shared layout and error pages — a leaf that nothing depends on. */
@ApplicationModule(allowedDependencies = {"approval", "keyrequest", "keys", "litellm", "security", "spend"})
package dev.keyportal.web;

import org.springframework.modulith.ApplicationModule;
