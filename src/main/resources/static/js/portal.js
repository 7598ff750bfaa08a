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

  // Copy buttons copy the value of the input they name and say so in the status region they name, which screen
  // readers announce (emptied first, so a second copy is announced too).
  document.querySelectorAll('[data-copy-target]').forEach((button) => {
    button.addEventListener('click', async () => {
      const input = document.getElementById(button.dataset.copyTarget);
      const status = document.getElementById(button.dataset.copyStatus);
      if (!input) {
        return;
      }
      input.select();
      let said;
      try {
        await navigator.clipboard.writeText(input.value);
        said = 'Copied to the clipboard.';
      } catch (e) {
        said = 'Could not copy: the key is selected, press Ctrl+C (or Cmd+C) to copy it.';
      }
      if (status) {
        status.textContent = '';
        window.setTimeout(() => { status.textContent = said; }, 50);
      }
    });
  });

  // The key shown once gets the focus and is selected, so a screen reader reads it and Ctrl+C copies it.
  const shownOnce = document.getElementById('new-key');
  if (shownOnce) {
    shownOnce.focus();
    shownOnce.select();
  }

  // Focus goes to the first field with an error.
  const invalid = document.querySelector('.is-invalid');
  if (invalid) {
    invalid.focus();
  }
});

// The request form tells, as values change, which band each value falls in, and roughly what the budget buys.
document.addEventListener('DOMContentLoaded', () => {
  const units = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, mo: 2592000 };
  const seconds = (text) => {
    const match = /^([1-9][0-9]{0,5})(s|m|h|d|w|mo)$/.exec((text || '').trim());
    return match ? Number(match[1]) * units[match[2]] : null;
  };
  const numberOf = (text) => (/^[0-9]+(\.[0-9]+)?$/.test((text || '').trim()) ? Number(text) : null);
  const labels = {
    AUTO: ['band-auto', 'Auto-approved'],
    APPROVAL: ['band-approval', 'Needs approval'],
    REFUSED: ['band-refused', 'Above the limit: will be refused'],
  };
  const show = (target, band) => {
    if (!target || (target.dataset.band || '') === (band || '')) {
      return;
    }
    target.dataset.band = band || '';
    target.classList.remove('band-auto', 'band-approval', 'band-refused');
    if (!band) {
      target.textContent = '';
      return;
    }
    target.classList.add(labels[band][0]);
    target.textContent = labels[band][1];
  };
  const judge = (input) => {
    const kind = input.dataset.bandKind;
    const value = input.value.trim();
    if (value === '') {
      return 'AUTO';
    }
    if (kind === 'max') {
      const n = numberOf(value);
      if (n === null) return null;
      if (input.dataset.bandBound && n > Number(input.dataset.bandBound)) return 'REFUSED';
      if (input.dataset.bandCeiling && n > Number(input.dataset.bandCeiling)) return 'APPROVAL';
      return 'AUTO';
    }
    const s = seconds(value);
    if (s === null) return null;
    const bound = seconds(input.dataset.bandBound);
    const ceiling = seconds(input.dataset.bandCeiling);
    if (kind === 'period') {
      if (bound !== null && s < bound) return 'REFUSED';
      if (ceiling !== null && s < ceiling) return 'APPROVAL';
      return 'AUTO';
    }
    if (bound !== null && s > bound) return 'REFUSED';
    if (ceiling !== null && s > ceiling) return 'APPROVAL';
    return 'AUTO';
  };
  // The bands are live regions (polite): they change once typing pauses, not on every keystroke, and only when
  // the band itself changes, so a screen reader says "Needs approval" once instead of at every digit.
  const settled = (update) => {
    let timer;
    return () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 500);
    };
  };
  document.querySelectorAll('input[data-band-kind]').forEach((input) => {
    const update = () => show(document.getElementById(input.dataset.bandTarget), judge(input));
    input.addEventListener('input', settled(update));
    // the server's own message beside a rejected field says it already
    if (!input.classList.contains('is-invalid')) {
      update();
    }
  });

  const models = Array.from(document.querySelectorAll('input[name="models"][data-needs-approval]'));
  const budget = document.getElementById('max_budget');
  const buys = document.getElementById('budget-buys');
  const updateModels = () => {
    const chosen = models.filter((m) => m.checked);
    show(document.getElementById('models-band'), chosen.length === 0 ? null
      : chosen.some((m) => m.dataset.needsApproval === 'true') ? 'APPROVAL' : 'AUTO');
    if (!buys || !budget) {
      return;
    }
    const dollars = numberOf(budget.value);
    const priced = chosen.filter((m) => m.dataset.inputCost && m.dataset.outputCost);
    if (dollars === null || priced.length === 0 || judge(budget) === 'REFUSED') {
      buys.textContent = '';
      return;
    }
    buys.textContent = 'Roughly what ' + '$' + dollars.toFixed(2) + ' buys (half input, half output tokens): ' + priced.map((m) => {
      const perToken = (Number(m.dataset.inputCost) + Number(m.dataset.outputCost)) / 2;
      const tokens = dollars / perToken;
      const text = tokens >= 1e9 ? (tokens / 1e9).toFixed(1) + 'B' : tokens >= 1e6 ? (tokens / 1e6).toFixed(1) + 'M'
        : tokens >= 1e3 ? Math.round(tokens / 1e3) + 'k' : Math.round(tokens);
      return text + ' tokens of ' + m.value;
    }).join(', ') + '.';
  };
  models.forEach((m) => m.addEventListener('change', updateModels));
  if (budget) {
    budget.addEventListener('input', settled(updateModels));
  }
  updateModels();
});
