import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { ApiError } from '@/api/request'
import { useProblemText } from '@/composables/useProblemText'
import { createAppI18n } from '@/i18n'

/** Mounts a component that hands back the composable, in `locale`. */
function inLocale(locale: 'zh-CN' | 'en') {
  let text!: ReturnType<typeof useProblemText>
  mount(
    defineComponent({
      setup() {
        text = useProblemText()
        return () => h('div')
      },
    }),
    { global: { plugins: [createAppI18n(locale)] } },
  )
  return text
}

// A problem the server wrote in Chinese (the UI asked in Chinese, then the
// user switched to English): keyed, each message reads in the UI's language.
const problem = ApiError.fromProblem(400, 'Bad Request', {
  title: '请求有误',
  detail: '人员名册有误，未写入任何数据',
  detail_key: 'the_roster_has_errors_nothing_was_written',
  code: 'invalid',
  errors: [
    { row: 4, field: 'id_number', message: '在文件中重复出现：首次出现在第 2 行', key: 'appears_twice_in_the_file_first_on_row_n', params: ['2'] },
    { row: 5, field: 'name', message: '1 至 64 个字符', key: 'n_to_n_characters', params: ['1', '64'] },
    { row: 6, field: 'post', message: 'a message from a newer server', key: 'a_key_this_build_does_not_know' },
    { row: 7, field: 'post', message: 'no key at all' },
  ],
})

describe('problems said by their keys', () => {
  it('reads them in English, with their values', () => {
    const text = inLocale('en')
    expect(text.detail(problem)).toBe('the roster has errors: nothing was written')
    expect(problem.problems.map(text.message)).toEqual([
      'appears twice in the file: first on row 2',
      '1 to 64 characters',
      'a message from a newer server',
      'no key at all',
    ])
    expect(text.byField(problem.problems)).toEqual({
      id_number: 'appears twice in the file: first on row 2',
      name: '1 to 64 characters',
      post: 'a message from a newer server; no key at all',
    })
  })

  it('and in Chinese', () => {
    const text = inLocale('zh-CN')
    expect(text.detail(problem)).toBe('人员名册有误，未写入任何数据')
    expect(text.message(problem.problems[0]!)).toBe('在文件中重复出现：首次出现在第 2 行')
    expect(text.message(problem.problems[1]!)).toBe('1 至 64 个字符')
  })

  it('keeps the written detail when it has no key', () => {
    const plain = ApiError.fromProblem(409, 'Conflict', { title: 'Conflict', detail: 'the official was changed by someone else', code: 'conflict' })
    expect(inLocale('en').detail(plain)).toBe('the official was changed by someone else')
  })
})
