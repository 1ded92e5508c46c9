// The media library's picker, opened by the article editor's "Browse…" button: a click on
// a picture hands its address, id, alt text and caption back to the editor's dialog
// (django-prose-editor's picker protocol) and closes the window.
document.addEventListener("click", (event) => {
  const choice = event.target.closest(".library-choice")
  if (!choice) return
  const callback = Number(document.querySelector(".library-picker").dataset.callback)
  const editor = window.opener && window.opener.CKEDITOR
  if (!editor || !callback) return
  editor.tools.callFunction(callback, choice.dataset.url, {
    id: choice.dataset.id,
    alternative_text: choice.dataset.alt,
    caption: choice.dataset.caption,
  })
  window.close()
})
