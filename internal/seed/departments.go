package seed

import (
	"context"
	"fmt"

	"integrity/internal/domain"
)

// The demo city: 云州市, a fictional prefecture-level city with four districts
// and a county, city bureaus, and bureaus and streets in each district.
const cityName, cityNameEn = "云州市", "Yunzhou City"

type deptSpec struct {
	code, name, nameEn string
}

var cityBureaus = []deptSpec{
	{"jw", "市纪委监委", "Municipal Commission for Discipline Inspection and Supervision"},
	{"org", "市委组织部", "Municipal Party Organisation Department"},
	{"hr", "市人力资源和社会保障局", "Municipal Human Resources and Social Security Bureau"},
	{"court", "市中级人民法院", "Municipal Intermediate People's Court"},
	{"police", "市公安局", "Municipal Public Security Bureau"},
	{"dev", "市发展和改革委员会", "Municipal Development and Reform Commission"},
	{"edu", "市教育局", "Municipal Education Bureau"},
	{"fin", "市财政局", "Municipal Finance Bureau"},
	{"housing", "市住房和城乡建设局", "Municipal Housing and Urban-Rural Development Bureau"},
	{"health", "市卫生健康委员会", "Municipal Health Commission"},
	{"land", "市自然资源和规划局", "Municipal Natural Resources and Planning Bureau"},
	{"eco", "市生态环境局", "Municipal Ecology and Environment Bureau"},
	{"transport", "市交通运输局", "Municipal Transport Bureau"},
	{"market", "市市场监督管理局", "Municipal Market Regulation Bureau"},
	{"water", "市水利局", "Municipal Water Resources Bureau"},
	{"agri", "市农业农村局", "Municipal Agriculture and Rural Affairs Bureau"},
	{"civil", "市民政局", "Municipal Civil Affairs Bureau"},
	{"audit", "市审计局", "Municipal Audit Bureau"},
}

var districts = []struct {
	deptSpec
	area string // the last two digits of the area code (行政区划代码)
}{
	{deptSpec{"qj", "清江区", "Qingjiang District"}, "02"},
	{deptSpec{"yy", "云阳区", "Yunyang District"}, "03"},
	{deptSpec{"lh", "临河区", "Linhe District"}, "04"},
	{deptSpec{"dh", "东湖区", "Donghu District"}, "12"},
	{deptSpec{"pa", "平安县", "Ping'an County"}, "26"},
}

var districtBureaus = []deptSpec{
	{"jw", "纪委监委", "Commission for Discipline Inspection and Supervision"},
	{"org", "委组织部", "Party Organisation Department"},
	{"edu", "教育局", "Education Bureau"},
	{"fin", "财政局", "Finance Bureau"},
	{"health", "卫生健康委员会", "Health Commission"},
	{"housing", "住房和城乡建设局", "Housing and Urban-Rural Development Bureau"},
	{"market", "市场监督管理局", "Market Regulation Bureau"},
}

var streets = []deptSpec{
	{"st1", "城南街道", "Chengnan Subdistrict"},
	{"st2", "城北街道", "Chengbei Subdistrict"},
}

// workplace is a department officials can be placed in, with the area code
// of its district for plausible ID numbers.
type workplace struct {
	dept     domain.Department
	area     string
	district string // the district's name, "" for city bureaus
}

// createDepartments writes the department tree and returns the departments
// officials are placed in.
func createDepartments(ctx context.Context, st Store) (root domain.Department, places []workplace, err error) {
	add := func(parent *domain.Department, code, name, nameEn, kind string, order int) (domain.Department, error) {
		d := domain.Department{Code: code, Name: name, NameEn: nameEn, Kind: kind, SortOrder: order}
		if parent != nil {
			d.ParentID = &parent.ID
		}
		return d, st.CreateDepartment(ctx, &d)
	}
	if root, err = add(nil, "yz", cityName, cityNameEn, domain.DeptCity, 0); err != nil {
		return root, nil, err
	}
	for i, b := range cityBureaus {
		d, err := add(&root, "yz-"+b.code, cityName[:len(cityName)-len("市")]+b.name, "Yunzhou "+b.nameEn, domain.DeptBureau, i+1)
		if err != nil {
			return root, nil, err
		}
		places = append(places, workplace{dept: d, area: "01"})
	}
	for i, ds := range districts {
		dist, err := add(&root, "yz-"+ds.code, ds.name, ds.nameEn, domain.DeptDistrict, 100+i)
		if err != nil {
			return root, nil, err
		}
		places = append(places, workplace{dept: dist, area: ds.area, district: ds.name})
		for j, b := range districtBureaus {
			d, err := add(&dist, fmt.Sprintf("yz-%s-%s", ds.code, b.code), ds.name+b.name, ds.nameEn+" "+b.nameEn, domain.DeptBureau, j+1)
			if err != nil {
				return root, nil, err
			}
			places = append(places, workplace{dept: d, area: ds.area, district: ds.name})
		}
		for j, s := range streets {
			d, err := add(&dist, fmt.Sprintf("yz-%s-%s", ds.code, s.code), ds.name+s.name, ds.nameEn+" "+s.nameEn, domain.DeptStreet, 50+j)
			if err != nil {
				return root, nil, err
			}
			places = append(places, workplace{dept: d, area: ds.area, district: ds.name})
		}
	}
	return root, places, nil
}
