// A progress bar for a large upload. Forms marked data-app-upload-progress are sent with
// XMLHttpRequest, whose upload events report how much has gone; the page the server answers
// with (the rows to fix, or the confirmation after its redirect) then replaces this one.
// Without JavaScript, or if anything here fails, the form is submitted the ordinary way.
import { initAll } from "/govuk-frontend/govuk-frontend.min.js";

// The width container around the main content (the header has one of its own).
function pageContainer(doc) {
  const main = doc.getElementById("main-content");
  return main ? main.parentElement : null;
}

function showResponse(xhr) {
  const incoming = new DOMParser().parseFromString(xhr.responseText, "text/html");
  const container = pageContainer(incoming);
  const current = pageContainer(document);
  if (!container || !current) {
    return false;
  }
  current.replaceWith(container);
  document.title = incoming.title;
  if (xhr.responseURL) {
    window.history.replaceState(null, "", xhr.responseURL);
  }
  initAll(container);
  // GOV.UK Frontend focuses an error summary itself; otherwise start at the heading.
  if (!container.querySelector(".govuk-error-summary")) {
    const focus = container.querySelector(".govuk-notification-banner") || container.querySelector("h1");
    if (focus) {
      focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  }
  enhance(container);
  return true;
}

function send(form) {
  const panel = form.querySelector(".app-upload-progress");
  const bar = panel.querySelector("progress");
  const status = panel.querySelector("[data-app-upload-status]");
  const button = form.querySelector('button, input[type="submit"]');
  const xhr = new XMLHttpRequest();
  panel.hidden = false;
  bar.value = 0;
  status.textContent = "Uploading the file";
  if (button) {
    button.disabled = true;
  }
  xhr.upload.addEventListener("progress", (event) => {
    if (event.lengthComputable) {
      const percent = Math.floor((100 * event.loaded) / event.total);
      bar.value = percent;
      bar.textContent = `${percent}%`;
    }
  });
  xhr.upload.addEventListener("load", () => {
    bar.value = 100;
    status.textContent = "Uploaded. Checking every row: this can take a minute for a large file";
  });
  xhr.addEventListener("load", () => {
    if (!showResponse(xhr)) {
      form.submit();
    }
  });
  xhr.addEventListener("error", () => form.submit());
  xhr.open("POST", form.action || window.location.href);
  xhr.send(new FormData(form));
}

function enhance(root) {
  for (const form of root.querySelectorAll("form[data-app-upload-progress]")) {
    if (!window.FormData || !form.querySelector(".app-upload-progress")) {
      continue;
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      send(form);
    });
  }
}

enhance(document);
