/** The home page, the shared layout and error pages — a leaf that nothing depends on. */
package dev.keyportal.web;
