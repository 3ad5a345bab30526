// GOV.UK Frontend components, copied from the pinned npm package at build time (see package.json).
import { initAll } from '../build/govuk-frontend.min.js'
import { initConditions } from './conditions.mjs'

initAll()
initConditions()
