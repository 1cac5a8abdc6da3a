// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "/govuk-frontend/govuk-frontend.min.js";

// GOV.UK Frontend marks each radio that reveals content with aria-expanded, which ARIA does
// not allow on a radio, so axe and the Nu HTML Checker fail the page (govuk-frontend issue
// 979). Radios with revealed content (the equality write-ins) are handled here instead, with
// GOV.UK Frontend's own classes: the text box shows under the chosen option, in reading order.
function revealChosenConditionals(radios) {
  const inputs = radios.querySelectorAll('input[type="radio"]');
  const sync = () => {
    inputs.forEach((input) => {
      const target = document.getElementById(input.dataset.ariaControls || "");
      if (target) {
        target.classList.toggle("govuk-radios__conditional--hidden", !input.checked);
      }
    });
  };
  inputs.forEach((input) => input.addEventListener("change", sync));
  sync();
}

document.querySelectorAll('[data-module="govuk-radios"]').forEach((radios) => {
  if (radios.querySelector(".govuk-radios__conditional")) {
    radios.removeAttribute("data-module");
    revealChosenConditionals(radios);
  }
});

initAll();
