// Small enhancements of every page, bound here because the Content-Security-Policy allows
// no inline handler. Each page works without them.
document.querySelectorAll("[data-submit-on-change]").forEach((field) => {
  field.addEventListener("change", () => field.form.submit());
});
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
// Long texts show how much room they have left (the server checks the limit again).
document.querySelectorAll("textarea[maxlength]").forEach((area) => {
  const counter = document.createElement("div");
  counter.className = "form-text text-end";
  const show = () => {
    counter.textContent = `${area.value.length} / ${area.maxLength}`;
  };
  area.after(counter);
  area.addEventListener("input", show);
  show();
});
