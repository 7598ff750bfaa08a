// Key Portal: progressive enhancement only; every page works without it.
document.addEventListener('DOMContentLoaded', () => {
  // A form submits once: the button is disabled and says what is happening while the server works.
  document.querySelectorAll('form').forEach((form) => {
    form.addEventListener('submit', () => {
      form.querySelectorAll('button[type="submit"]').forEach((button) => {
        if (button.dataset.busyText) {
          button.textContent = button.dataset.busyText;
        }
        button.setAttribute('aria-busy', 'true');
        window.setTimeout(() => { button.disabled = true; }, 0);
      });
    });
  });

  // Copy buttons copy the value of the input they name.
  document.querySelectorAll('[data-copy-target]').forEach((button) => {
    button.addEventListener('click', async () => {
      const input = document.getElementById(button.dataset.copyTarget);
      if (!input) {
        return;
      }
      input.select();
      try {
        await navigator.clipboard.writeText(input.value);
        button.textContent = 'Copied';
      } catch (e) {
        button.textContent = 'Press Ctrl+C to copy';
      }
    });
  });

  // Focus goes to the first field with an error.
  const invalid = document.querySelector('.is-invalid');
  if (invalid) {
    invalid.focus();
  }
});
