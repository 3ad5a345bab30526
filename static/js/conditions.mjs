// Consultation questions that depend on an answer on the same page (consultations/forms.py).
// Without JavaScript they are always shown, with a hint ("Only answer this if you chose …"), and the
// server ignores an answer that does not apply. With it, each is shown only while it applies.

function answerOf (form, name) {
  const values = []
  for (const input of form.elements) {
    if (input.name !== name) continue
    if (input.type === 'radio' || input.type === 'checkbox') {
      if (input.checked) values.push(input.value)
    } else if (input.value.trim() !== '') {
      values.push(input.value)
    }
  }
  return values
}

function applies (rule, values) {
  if (rule.kind === 'answered') return values.length > 0
  const includes = values.includes(rule.value)
  return rule.kind === 'equals' ? includes : values.length > 0 && !includes
}

export function initConditions (root = document) {
  for (const form of root.querySelectorAll('form')) {
    const questions = form.querySelectorAll('[data-kcc-show-if-field]')
    if (questions.length === 0) continue
    const update = () => {
      for (const question of questions) {
        const rule = { kind: question.dataset.kccShowIf, value: question.dataset.kccShowIfValue }
        question.hidden = !applies(rule, answerOf(form, question.dataset.kccShowIfField))
      }
    }
    form.addEventListener('change', update)
    form.addEventListener('input', update)
    update()
  }
}
