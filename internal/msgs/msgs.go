// Package msgs says the platform's problem messages in Chinese: the detail
// and the field messages of a problem are written in English where they
// arise, and a reader whose Accept-Language is Chinese gets them here,
// whole messages by a table and messages with values (a length, a row, a
// date, a list) by patterns. A message this package does not know stays as
// it was written.
package msgs

import (
	"regexp"
	"strings"
)

// titles are the problems' titles (keyed by the problem's code, not here).
var titles = map[string]string{
	"Invalid request": "请求有误", "Not found": "未找到", "Conflict": "状态冲突", "Forbidden": "无权操作",
	"Authentication required": "需要登录", "Too many requests": "请求过于频繁", "Request too large": "请求内容过大",
	"Service unavailable": "服务暂时不可用", "Internal error": "服务器内部错误", "Method not allowed": "不支持该操作",
	"Second factor required": "需要动态口令", "Password change required": "需要修改密码", "Second factor enrolment required": "需要绑定动态口令",
}

// exact are whole messages.
var exact = map[string]string{
	// ID numbers (GB 11643).
	"must have 18 characters":                 "身份证号码应为 18 位",
	"the first 17 characters must be digits":  "身份证号码前 17 位应为数字",
	"the last character must be a digit or X": "身份证号码最后一位应为数字或 X",
	"the area code is not valid":              "身份证号码的地区码无效",
	"the birth date is not a real date":       "身份证号码中的出生日期不存在",
	"the birth date is out of range":          "身份证号码中的出生日期超出范围",
	"the check character does not match":      "身份证号码校验位不符，请核对",
	"invalid ID number":                       "身份证号码无效",
	"an ID number is not valid":               "身份证号码无效",

	// Record intake and imports.
	"required": "必填",
	"required: the source's own reference of the record":   "必填：来源系统中该记录的编号",
	"not a date (write 2024-03-05, 2024/3/5 or 2024年3月5日)": "不是有效日期（请写作 2024-03-05、2024/3/5 或 2024年3月5日）",
	"not a date":                  "不是有效日期",
	"is in the future":            "晚于今天",
	"is before 1950":              "早于 1950 年",
	"is before the decision date": "早于决定日期",
	"is more than a year after the decision date":                 "晚于决定日期一年以上",
	"required for an annual assessment result: the year assessed": "年度考核结果必须填写考核年度",
	"is after the decision's year":                                "晚于决定所在年度",
	"only an annual assessment result has an assessment year":     "只有年度考核结果才填写考核年度",
	"is not valid text":                                           "含有无法识别的字符",
	"invalid query parameter":                                     "查询参数有误",
	"a field is not valid text":                                   "有字段含有无法识别的字符",
	"the text holds a character the database cannot store (a NUL character or bytes that are not UTF-8)": "文本中含有数据库无法保存的字符（空字符或非 UTF-8 字节）",
	"no official with this ID number is registered":                                                      "登记库中没有该身份证号码的人员",
	"does not match the name registered for this ID number":                                              "姓名与该身份证号码登记的姓名不一致",
	"the column is missing (see the template)":                                                           "缺少该列（请参照导入模板）",
	"the column is missing: name it 身份证号码 (or id_number)":                                                "缺少身份证号码列：请将列名写为“身份证号码”",
	"the column appears twice":                                                                           "该列重复出现",
	"the file is empty":                                                                                  "文件为空",
	"the file cannot be read":                                                                            "无法读取该文件",
	"no header row":                                                                                      "文件没有表头行",
	"empty":                                                                                              "文件为空",
	"the file is not a spreadsheet":                                                                      "该文件不是电子表格",
	"the candidate list has errors: fix them and upload it again":                                        "候选人名单有误：请修改后重新上传",
	"the header row lacks required columns":                                                              "表头缺少必需的列",
	"no file was sent":                                                                                   "没有收到文件",
	"malformed multipart body":                                                                           "上传内容格式有误",
	"upload the file as multipart/form-data":                                                             "请以文件上传方式提交",
	"the upload is too large":                                                                            "上传的文件过大",
	"the request body is too large":                                                                      "请求内容过大",
	"an attachment is too large":                                                                         "附件过大",
	"too many attachments":                                                                               "附件过多",
	"too many rows to export":                                                                            "导出的行数过多",
	"unknown sort":                                                                                       "不支持的排序方式",
	"unknown field":                                                                                      "无法识别的字段",
	"the body is not valid JSON":                                                                         "请求内容不是有效的 JSON",
	"a field has the wrong type":                                                                         "字段类型有误",
	"no such department":                                                                                 "没有该单位",
	"name too long":                                                                                      "姓名过长",
	"invalid page":                                                                                       "页码有误",
	"invalid page size":                                                                                  "每页条数有误",
	"must be a number from 1":                                                                            "应为从 1 开始的数字",
	"must be a number from 1 to 200":                                                                     "应为 1 至 200 之间的数字",
	"YYYY-MM-DD":                                                                                         "日期格式为 YYYY-MM-DD",
	"send the other fields, then the candidate list as file":                                             "请先填写其他内容，再上传候选人名单文件",
	"say why the report is revoked":                                                                      "请说明撤销报告的原因",
	"the report is revoked already":                                                                      "该报告已撤销",
	"the request has errors":                                                                             "申请有误",
	"forbidden":                                                                                          "无权操作",
	"authentication required":                                                                            "需要登录",
	"too many requests":                                                                                  "请求过于频繁，请稍后再试",
	"service unavailable":                                                                                "服务暂时不可用",
	"this method is not allowed on this resource":                                                        "不支持该操作",
	"only PDF, PNG or JPEG files":                                                                        "只接受 PDF、PNG 或 JPEG 文件",

	// The officials roster.
	"the roster has errors: nothing was written":  "人员名册有误，未写入任何数据",
	"no unit has this code":                       "没有使用该编码的单位",
	"must be civil_servant or public_institution": "应为“公务员”或“事业单位人员”",
	"must be yes or no":                           "应为“是”或“否”",
	"must be active, retired or left":             "应为“在职”“退休”或“离职”",
	"too many rows":                               "行数过多",

	// The registry's forms.
	"must be city, district, bureau or street":              "应为市、区县、局或街道",
	"the root cannot move":                                  "根单位不能移动",
	"an official with this ID number is registered already": "该身份证号码的人员已登记",
	"is registered already":                                 "已登记",
	"required: the version you loaded":                      "必填：您打开时的版本号",
	"cannot change":                                         "不能修改",
	"the official's data is invalid":                        "人员信息有误",
	"the ID number is required":                             "必须填写身份证号码",
	"the ID number cannot change":                           "身份证号码不能修改",

	// What a file that is not a spreadsheet is.
	"a PNG image": "PNG 图片", "a JPEG image": "JPEG 图片", "a GIF image": "GIF 图片", "a PDF document": "PDF 文档",
	"an old Excel 97-2003 (.xls) or Word file: save it as .xlsx": "旧版 Excel 97-2003（.xls）或 Word 文件：请另存为 .xlsx",
	"a RAR archive": "RAR 压缩包", "a 7-Zip archive": "7-Zip 压缩包", "binary data": "二进制数据",
	"named .xlsx but holds text, not a workbook": "文件名为 .xlsx，内容却是文本而非工作簿",
	"named .xls but holds text, not a workbook":  "文件名为 .xls，内容却是文本而非工作簿",
}

// patterns are messages with values; the Chinese uses the values in order.
var patterns = []struct {
	re *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^at most (\d+) characters$`), "最多 $1 个字符"},
	{regexp.MustCompile(`^(\d+) to (\d+) characters$`), "$1 至 $2 个字符"},
	{regexp.MustCompile(`^required: (\d+) to (\d+) characters$`), "必填：$1 至 $2 个字符"},
	{regexp.MustCompile(`^at most (\d+) bytes$`), "最大 $1 字节"},
	{regexp.MustCompile(`^at most (\d+) files$`), "最多 $1 个文件"},
	{regexp.MustCompile(`^at most (\d+) rows$`), "最多 $1 行"},
	{regexp.MustCompile(`^at most (\d+) rows: split the file$`), "最多 $1 行：请拆分文件"},
	{regexp.MustCompile(`^appears twice in the file: first on row (\d+)$`), "在文件中重复出现：首次出现在第 $1 行"},
	{regexp.MustCompile(`^the roster has (\d+) errors, the first (\d+) listed: nothing was written$`), "人员名册有 $1 处错误（列出前 $2 处），未写入任何数据"},
	{regexp.MustCompile(`^1 to (\d+) records$`), "1 至 $1 条记录"},
	{regexp.MustCompile(`^repeats the reference of row (\d+)$`), "与第 $1 行的来源编号重复"},
	{regexp.MustCompile(`^the file is larger than (\d+) MiB$`), "文件超过 $1 MiB"},
	{regexp.MustCompile(`^(\d+) problem\(s\) in the submission; nothing was written$`), "提交的数据有 $1 处问题，未写入任何记录"},
	{regexp.MustCompile(`^category (.+) is not in the catalogue$`), "记录类别“$1”不在目录中"},
	{regexp.MustCompile(`^code (.+) belongs to (.+), not (.+)$`), "事项“$1”属于类别 $2，不属于 $3"},
	{regexp.MustCompile(`^(.+) is not a code of the catalogue$`), "“$1”不是目录中的事项"},
	{regexp.MustCompile(`^(.+) is ambiguous: give the category too$`), "“$1”对应多个事项：请同时填写记录类别"},
	{regexp.MustCompile(`^one of (.+)$`), "应为以下之一：$1"},
	{regexp.MustCompile(`^unknown category (.+)$`), "未知类别 $1"},
	{regexp.MustCompile(`^the filters select (\d+) rows; at most (\d+) are exported at once: narrow them$`), "筛选条件选中 $1 行，一次最多导出 $2 行：请缩小筛选范围"},
	{regexp.MustCompile(`^only PDF, PNG or JPEG files, by their content \(this one is (.+)\)$`), "只接受内容为 PDF、PNG 或 JPEG 的文件（该文件为 $1）"},
	{regexp.MustCompile(`^the (.+) column is missing$`), "缺少“$1”列"},
	{regexp.MustCompile(`^this source may not submit (.+) records$`), "本来源无权报送“$1”类记录"},
	{regexp.MustCompile(`^required for (.+) records$`), "“$1”类记录必须填写"},
}

// Chinese says a message in Chinese, or returns it as written when it is
// not known.
func Chinese(s string) string {
	if zh, ok := titles[s]; ok {
		return zh
	}
	if zh, ok := exact[s]; ok {
		return zh
	}
	if zh, ok := exact[strings.TrimSpace(s)]; ok {
		return zh
	}
	if what, ok := strings.CutPrefix(s, "not an XLSX or CSV file: "); ok {
		return "不是 XLSX 或 CSV 文件：" + Chinese(what)
	}
	for _, p := range patterns {
		if p.re.MatchString(s) {
			return p.re.ReplaceAllString(s, p.zh)
		}
	}
	return s
}

// WantsChinese reports whether an Accept-Language header asks for Chinese
// first.
func WantsChinese(acceptLanguage string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(acceptLanguage)), "zh")
}
