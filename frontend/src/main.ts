// Element Plus's styles come with each component where it is imported
// (build/elementPlusStyles.ts). Its theme variables, and the components
// that main.css restyles, load first here, so that main.css follows them
// and wins as it did over the whole stylesheet.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-alert.css'
import 'element-plus/theme-chalk/el-button.css'
import 'element-plus/theme-chalk/el-card.css'
import 'element-plus/theme-chalk/el-checkbox-group.css'
import 'element-plus/theme-chalk/el-input.css'
import 'element-plus/theme-chalk/el-pagination.css'
import './styles/main.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { loadRouteLocation } from 'vue-router'
import App from './App.vue'
import { vCan } from './directives/can'
import { createFirstPageI18n, loadLaterMessages } from './i18n/firstPage'
import { createAppRouter } from './router'
import { useLocaleStore } from './stores/locale'
import { useSessionStore } from './stores/session'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const i18n = createFirstPageI18n(useLocaleStore(pinia).locale)
app.use(i18n)
const router = createAppRouter()
// Every page but sign-in has the rest of the messages before it opens.
router.beforeEach(async (to) => {
  if (to.name !== 'login') await loadLaterMessages(i18n)
})
// A page past sign-in opened directly (a reload, a link, a bookmark) in a
// tab with a session to restore: its messages and its code start loading
// now, beside the session's refresh, not after it. A failure is left to
// the navigation, which asks again and shows it; a page that sends the
// user elsewhere before it opens (the home page) is left to it too.
const opening = router.resolve(router.options.history.location)
if (opening.name !== 'login' && useSessionStore(pinia).refreshToken !== null) {
  loadLaterMessages(i18n).catch(() => undefined)
  if (!opening.matched.some((record) => record.beforeEnter)) loadRouteLocation(opening).catch(() => undefined)
}
app.use(router)
app.directive('can', vCan)
app.mount('#app')
