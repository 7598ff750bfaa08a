/**
 * Keys issued through the portal — only the token hash and masked name, never the key — and the pages that
 * list them with their live spend and budget state from LiteLLM.
 */
package dev.keyportal.keys;
