import 'element-plus/dist/index.css'
import './styles/main.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { vCan } from './directives/can'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { useLocaleStore } from './stores/locale'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(createAppI18n(useLocaleStore(pinia).locale))
app.use(createAppRouter())
app.directive('can', vCan)
app.mount('#app')
