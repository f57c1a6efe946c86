// The worksheet's 5-minute timer for writing goals freely. The page works without it.
document.querySelectorAll(".timer").forEach((timer) => {
  const display = timer.querySelector(".timer-display");
  const button = timer.querySelector(".timer-start");
  let left = Number(timer.dataset.seconds);
  let interval = null;
  const show = () => {
    display.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  };
  button.addEventListener("click", () => {
    if (interval) return;
    button.disabled = true;
    interval = setInterval(() => {
      left -= 1;
      show();
      if (left <= 0) {
        clearInterval(interval);
        display.textContent = display.dataset.done;
      }
    }, 1000);
  });
});
