// Storyline's only script (CSP: script-src 'self'). It never inserts HTML: untrusted text goes in via textContent.
"use strict";

function toggleCitation(chip) {
  const panel = document.getElementById(chip.getAttribute("aria-controls"));
  if (!panel) return false;
  const open = panel.hidden;
  panel.hidden = !open;
  chip.setAttribute("aria-expanded", String(open));
  chip.classList.toggle("open", open);
  return true;
}

document.addEventListener("click", (event) => {
  const chip = event.target.closest && event.target.closest("a.chip[data-cite]");
  if (chip && !event.metaKey && !event.ctrlKey && !event.shiftKey && toggleCitation(chip)) {
    event.preventDefault();
  }
});

function setText(el, text) {
  if (el) el.textContent = text;
}

function initIngest() {
  const form = document.getElementById("ingest");
  if (!form) return;
  const status = document.getElementById("ingest-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = document.getElementById("token").value;
    const files = document.getElementById("files").files;
    const lines = document.getElementById("jsonl").value;
    let body;
    const headers = { Authorization: "Bearer " + token };
    if (files.length) {
      body = new FormData();
      for (const f of files) body.append("files", f, f.name);
    } else if (lines.trim()) {
      body = lines;
      headers["Content-Type"] = "application/x-ndjson";
    } else {
      setText(status, "Choose files or paste JSON lines first.");
      return;
    }
    setText(status, "Sending…");
    try {
      const response = await fetch("/v1/articles", { method: "POST", headers, body });
      const data = await response.json().catch(() => ({}));
      if (response.status === 202 && data.url) {
        window.location.assign(data.url);
      } else {
        setText(status, "Not accepted (" + response.status + "): " + (data.detail || response.statusText));
      }
    } catch (err) {
      setText(status, "Could not reach the server: " + err);
    }
  });
}

function renderJob(job) {
  const progress = document.getElementById("job-progress");
  if (progress) {
    progress.value = job.progress;
    progress.textContent = Math.round(job.progress * 100) + "%";
  }
  setText(document.getElementById("job-status"), job.status + (job.stage ? ": " + job.stage : ""));
  const reached = job.stage ? job.stages.indexOf(job.stage) : job.status === "done" ? job.stages.length : -1;
  document.querySelectorAll("#job-stages li").forEach((li, i) => {
    li.classList.toggle("done", i < reached || job.status === "done");
    li.classList.toggle("current", i === reached && job.status === "running");
  });
  const section = document.getElementById("job");
  section.dataset.status = job.status;
  const message = document.getElementById("job-message");
  if (message && job.message) {
    message.hidden = false;
    setText(message, job.message);
  }
  if (job.status !== "done") return;
  const result = document.getElementById("job-result");
  result.replaceChildren();
  const counts = document.createElement("p");
  counts.textContent = Object.entries(job.counts).map(([k, v]) => k + ": " + v).join(" · ");
  result.append(counts);
  listSection(result, "Stories with the new articles", job.stories, (li, sid) => {
    const a = document.createElement("a");
    a.href = "/stories/" + encodeURIComponent(sid);
    a.textContent = sid;
    li.append(a);
  });
  listSection(result, "Input that could not be read", job.errors, (li, e) => {
    li.textContent = e.file + (e.line ? ":" + e.line : "") + " " + e.reason;
  });
}

// A heading and a list under `parent`, one item per element of `items` (nothing when empty);
// `fill(li, item)` writes the item, as text or elements, never as HTML.
function listSection(parent, title, items, fill) {
  if (!items.length) return;
  const h = document.createElement("h2");
  h.textContent = title;
  const ul = document.createElement("ul");
  for (const item of items) {
    const li = document.createElement("li");
    fill(li, item);
    ul.append(li);
  }
  parent.append(h, ul);
}

function initJob() {
  const section = document.getElementById("job");
  if (!section) return;
  const url = "/v1/jobs/" + encodeURIComponent(section.dataset.job);
  const poll = async () => {
    if (section.dataset.status === "done" || section.dataset.status === "failed") return;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok) renderJob(await response.json());
    } catch (err) {
      /* the server may be busy; try again */
    }
    setTimeout(poll, 600);
  };
  poll();
}

document.addEventListener("DOMContentLoaded", () => {
  initIngest();
  initJob();
  if (location.hash === "#cite") {
    const mark = document.getElementById("cite");
    if (mark) mark.scrollIntoView({ block: "center" });
  }
});
