import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, withDirectives } from 'vue'
import { vLoading } from 'element-plus'
import PageCard from '@/components/common/PageCard.vue'
import { waitFor } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

describe('a page card (PageCard)', () => {
  it('shows the title, the actions on its right and the content; classes and the test id reach the card', () => {
    const wrapper = mount(PageCard, {
      props: { title: 'Departments' },
      attrs: { class: 'extra', 'data-testid': 'departments-page' },
      slots: { actions: () => h('button', { 'data-testid': 'create' }, 'New'), default: () => h('p', { class: 'body' }, 'The tree') },
    })
    const card = wrapper.get('[data-testid="departments-page"]')
    expect(card.classes()).toEqual(expect.arrayContaining(['el-card', 'page-card', 'extra']))
    expect(card.get('.card-header h2.card-title').text()).toBe('Departments')
    expect(card.get('.card-header [data-testid="create"]').text()).toBe('New')
    expect(card.get('.el-card__body .body').text()).toBe('The tree')
  })

  it('takes a title with more than words from its title slot', () => {
    const wrapper = mount(PageCard, {
      slots: { title: () => ['Catalogue ', h('span', { class: 'version' }, 'v3')] },
    })
    expect(wrapper.get('.card-title').text()).toBe('Catalogue v3')
    expect(wrapper.get('.card-title .version').text()).toBe('v3')
  })

  it('shows the loading mask on the card while v-loading holds', async () => {
    const Host = defineComponent({
      setup: () => () => withDirectives(h(PageCard, { title: 'Figures', 'data-testid': 'figures' }, { default: () => 'numbers' }), [[vLoading, true]]),
    })
    const wrapper = mount(Host, { attachTo: document.body })
    await waitFor(() => expect(wrapper.get('[data-testid="figures"]').classes()).toContain('el-loading-parent--relative'))
    expect(wrapper.find('[data-testid="figures"] .el-loading-mask').exists()).toBe(true)
    expect(wrapper.get('[data-testid="figures"] .card-title').text()).toBe('Figures')
  })
})
